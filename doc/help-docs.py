#!/usr/bin/env python3
# help-docs.py — the manual pages and the bash completion, generated from the
# programs' own --help (run at build time, see doc/meson.build).
#
# One source: what `PROGRAM [COMMAND [SUBCOMMAND]] --help` prints.  A new
# command, subcommand or option shows up in the manual pages (English and
# zh_CN) and in the completion without anyone editing them; the test
# tests/doc/test-help-docs.py fails when they drift apart.
#
# usage:
#   help-docs.py man --lang LANG --version V --outdir DIR NAME=PATH…
#   help-docs.py completion --output FILE CLI-PATH
#   help-docs.py all --version V --outdir DIR NAME=PATH…   (all of it, and the
#                                     parsed help as JSON on stdout: the test)
#
# The help output it reads (see dabiao_cli_run_subcommand() and GOption):
#   line 1  a heading ("Usage:"), line 2  the usage: PROG [OPTION…] PARAMS [— SUMMARY]
#   "  NAME  SYNOPSIS"        a command or subcommand (two spaces, a lower-case name)
#   "  -o, --output=FILE  …"  an option
#   other unindented lines    paragraphs; a line ending in ':' followed by an
#                             indented line is a heading and is left out.
# Commands whose --help lists commands are followed into their subcommands.
import concurrent.futures
import json
import os
import re
import subprocess
import sys

OPTION_RE = re.compile(r'^\s+((?:-\w, )?--[\w-]+)(?:[= ](\S.*?))?(?:\s{2,}(.*))?$')
COMMAND_RE = re.compile(r'^  ([a-z][a-z0-9-]*)(?:\s{2,}(.*))?$')
HELP_OPTION_RE = re.compile(r'--help(-[\w-]+)?$')

LABELS = {
    'en': {'NAME': 'NAME', 'SYNOPSIS': 'SYNOPSIS', 'DESCRIPTION': 'DESCRIPTION',
           'OPTIONS': 'OPTIONS', 'COMMANDS': 'COMMANDS', 'SEE ALSO': 'SEE ALSO',
           'manual': 'User Commands'},
    'zh_CN': {'NAME': '名称', 'SYNOPSIS': '概要', 'DESCRIPTION': '描述',
              'OPTIONS': '选项', 'COMMANDS': '命令', 'SEE ALSO': '参见',
              'manual': '用户命令'},
}


class HelpError(Exception):
    pass


def run_help(path, args, lang):
    env = dict(os.environ)
    env.update({'LC_ALL': 'C.UTF-8', 'LANGUAGE': lang, 'COLUMNS': '200',
                # the app must answer --help without a display or its schema
                'DISPLAY': '', 'WAYLAND_DISPLAY': ''})
    env.pop('GSETTINGS_SCHEMA_DIR', None)
    cmd = [path] + args + ['--help']
    try:
        proc = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              timeout=60)
    except (OSError, subprocess.TimeoutExpired) as e:
        raise HelpError('%s: %s' % (' '.join(cmd), e))
    out = proc.stdout.decode('utf-8')
    if proc.returncode != 0 or not out.strip():
        raise HelpError('%s exits %d and prints %d lines (every command must answer --help '
                        'with exit 0 on stdout): %s' % (' '.join(args + ['--help']), proc.returncode,
                                                        len(out.splitlines()),
                                                        proc.stderr.decode('utf-8', 'replace').strip()[:300]))
    return out


def parse_help(text):
    lines = text.rstrip('\n').split('\n')
    if len(lines) < 2:
        raise HelpError('help too short: %r' % text)
    usage = lines[1].strip()
    summary = ''
    if ' — ' in usage:
        usage, summary = usage.split(' — ', 1)
    help = {'usage': usage, 'paragraphs': [], 'options': [], 'commands': []}
    if summary:
        help['paragraphs'].append(summary[0].upper() + summary[1:] if summary[0].isascii() else summary)
    last = None          # the option or command a continuation line belongs to
    paragraph = None
    for i, line in enumerate(lines[2:], 2):
        nxt = lines[i + 1] if i + 1 < len(lines) else ''
        if not line.strip():
            paragraph = None
            last = None
            continue
        if line.startswith(' '):
            m = OPTION_RE.match(line)
            c = COMMAND_RE.match(line)
            if m and line.lstrip().startswith('-'):
                flags, metavar, desc = m.group(1), m.group(2), m.group(3) or ''
                if HELP_OPTION_RE.search(flags):
                    last = None
                    continue
                last = {'flags': flags.split(', '), 'metavar': metavar or '', 'text': desc.strip()}
                help['options'].append(last)
            elif c and not line.startswith('   '):
                last = {'name': c.group(1), 'text': (c.group(2) or '').strip()}
                help['commands'].append(last)
            elif last is not None:
                last['text'] = (last['text'] + ' ' + line.strip()).strip()
            continue
        if re.search(r'[:：]$', line.strip()) and nxt.startswith(' '):
            paragraph = None
            continue
        if paragraph is None:
            paragraph = line.strip()
            help['paragraphs'].append(paragraph)
        else:
            help['paragraphs'][-1] += ' ' + line.strip()
            paragraph = help['paragraphs'][-1]
    return help


def collect(name, path, lang, problems):
    """The help of a program and of each of its commands, depth first:
    a list of (words, help) where words are the command words after NAME.
    The commands of one level are asked at once (starting a program is
    most of the time here)."""
    def ask(words):
        try:
            return words, parse_help(run_help(path, words, lang))
        except HelpError as e:
            problems.append('%s: %s' % (name, e))
            return words, None

    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        def visit(node):
            words, help = node
            if help is None:
                return []
            children = pool.map(ask, [words + [c['name']] for c in help['commands']])
            return [node] + [n for child in list(children) for n in visit(child)]

        return visit(ask([]))


# ---- manual pages ----------------------------------------------------------

CJK_RE = re.compile(r'([\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\U00020000-\U0003ffff])')


def roff(text):
    text = text.replace('\\', '\\e').replace('-', '\\-')
    # Chinese has no spaces: let troff break a line after any Han character
    # or full-width punctuation.
    text = CJK_RE.sub(r'\1\\:', text)
    # a line starting with . or ' is a request to troff
    return re.sub(r"^([.'])", r'\\&\1', text, flags=re.M)


def first_sentence(text):
    m = re.match(r'(.+?(?:\.(?=\s|$)|。))', text)
    s = m.group(1) if m else text
    return s.rstrip('.。')


def write_man(name, tree, lang, version, others, out):
    L = LABELS[lang]
    top = tree[0][1]
    title = name.upper()
    w = out.write
    w('.\\" Generated by doc/help-docs.py from "%s --help"; do not edit.\n' % name)
    w('.TH %s 1 "" "dabiao %s" "%s"\n' % (roff(title), version, L['manual']))
    w('.nh\n.ad l\n')
    w('.SH %s\n' % L['NAME'])
    w('%s \\- %s\n' % (roff(name), roff(first_sentence(top['paragraphs'][0]) if top['paragraphs'] else name)))
    w('.SH %s\n' % L['SYNOPSIS'])
    w('.B %s\n' % roff(top['usage']))
    w('.SH %s\n' % L['DESCRIPTION'])
    for p in top['paragraphs']:
        w('.PP\n%s\n' % roff(p))
    if top['options']:
        w('.SH %s\n' % L['OPTIONS'])
        write_options(top['options'], w)
    if len(tree) > 1:
        w('.SH %s\n' % L['COMMANDS'])
        for c in top['commands']:
            w('.TP\n.B %s\n%s\n' % (roff(c['name']), roff(c['text'])))
        for words, help in tree[1:]:
            w('.SS "%s"\n' % roff(' '.join([name] + words)))
            w('.B %s\n' % roff(help['usage']))
            for p in help['paragraphs']:
                w('.PP\n%s\n' % roff(p))
            for c in help['commands']:
                w('.TP\n.B %s\n%s\n' % (roff(c['name']), roff(c['text'])))
            write_options(help['options'], w)
    w('.SH %s\n' % L['SEE ALSO'])
    w(',\n'.join('.BR %s (1)' % roff(o) for o in others) + '\n')


def write_options(options, w):
    for o in options:
        flags = ', '.join('\\fB%s\\fR' % roff(f) for f in o['flags'])
        if o['metavar']:
            flags += '=\\fI%s\\fR' % roff(o['metavar'])
        w('.TP\n%s\n%s\n' % (flags, roff(o['text'])))


# ---- bash completion -------------------------------------------------------

def option_kind(flags, metavar):
    names = [f.lstrip('-') for f in flags]
    if 'standard' in names:
        return 'standard'
    if 'profile' in names:
        return 'profile'
    if 'port' in names:
        return 'port'
    if not metavar:
        return 'none'
    if 'FILE' in metavar or metavar in ('PATH',):
        return 'file'
    return 'text'


def argument_kind(token):
    kind = argument_kind_of(token.strip('[]…').split('(')[0])
    # "OTHER…": this and every further argument
    return kind + '+' if token.rstrip(']').endswith('…') else kind


def argument_kind_of(token):
    if token in ('EVENT', 'OTHER'):
        return 'event'
    if token == 'ID':
        return 'standard'
    if token == 'PROFILE':
        return 'profile'
    if token == 'FILE-OR-DIR-OR-ID':
        return 'file-or-standard'
    if 'FILE' in token or token in ('INPUT', 'OUTPUT'):
        return 'file'
    return 'text'


def usage_parameters(help):
    """(word lists of the alternatives) from the usage after [OPTION…]:
    "list | show ID | export ID -o FILE.xlsx" -> {list: [], show: [ID], export: [ID]};
    "upload|summary EVENT -o FILE" -> {upload: [EVENT], summary: [EVENT]};
    "EVENT OTHER…" -> {'': [EVENT, OTHER…]}."""
    usage = help['usage']
    params = re.split(r'\[[^\]]*…\]', usage, maxsplit=1)
    params = params[1] if len(params) > 1 else ''
    result = {}
    for alternative in re.split(r'\s+\|\s+', params.strip()):
        tokens = alternative.split()
        positional = []
        skip = False
        for t in tokens[1:] if tokens else []:
            if skip:
                skip = False
                continue
            if t.startswith('-') or t.startswith('[-') or t.startswith('(-'):
                skip = '=' not in t and not t.endswith(']') and not t.endswith(')')
                continue
            positional.append(t)
        heads = tokens[0].split('|') if tokens else ['']
        if heads and all(re.fullmatch(r'[a-z][a-z0-9-]*', h) for h in heads):
            for h in heads:
                result[h] = positional
        elif tokens:
            result[''] = [t for t in [tokens[0]] + positional]
    return result


def write_completion(tree, out):
    w = out.write
    w('# bash completion for dabiao-cli.  Generated by doc/help-docs.py from\n'
      '# "dabiao-cli … --help" at build time; do not edit.\n\n')
    # words: command path -> the words that may follow
    words_of = {}
    options_of = {}
    kinds_of = {}
    args_of = {}
    for words, help in tree:
        key = ' '.join(words)
        if help['commands']:
            words_of[key] = [c['name'] for c in help['commands']]
            continue
        opts = []
        for o in help['options']:
            kind = option_kind(o['flags'], o['metavar'])
            for f in o['flags']:
                opts.append(f)
                kinds_of[(key, f)] = kind
        options_of[key] = opts
        params = usage_parameters(help)
        named = {k: v for k, v in params.items() if k}
        def kinds(tokens):
            # `event new|show|stations FILE`: the FILE is an event file
            return [('event' if k == 'file' and words[:1] == ['event'] else k)
                    for k in map(argument_kind, tokens)]
        if named:
            words_of[key] = list(named)
            for k, v in named.items():
                args_of[key + ' ' + k] = kinds(v)
        else:
            args_of[key] = kinds(params.get('', []))

    def case(fn, table):
        w('%s () {\n  case "$1" in\n' % fn)
        for k, v in table.items():
            w('    %s) echo %s ;;\n' % (shell_quote(k), shell_quote(' '.join(v))))
        w('  esac\n}\n\n')

    case('_dabiao_cli_words', words_of)
    case('_dabiao_cli_options', options_of)
    case('_dabiao_cli_arguments', args_of)
    w('_dabiao_cli_option_kind () {\n  case "$1/$2" in\n')
    for (k, f), kind in kinds_of.items():
        w('    %s) echo %s ;;\n' % (shell_quote(k + '/' + f), kind))
    w('  esac\n}\n\n')
    w(open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'dabiao-cli-completion.bash'),
           encoding='utf-8').read())


def shell_quote(s):
    return "'" + s.replace("'", "'\\''") + "'"


# ---- main ------------------------------------------------------------------

def programs(args):
    result = []
    for a in args:
        name, _, path = a.partition('=')
        result.append((name, path))
    return result


def write_pages(progs, trees, lang, version, outdir):
    for name, _ in progs:
        if trees.get(name):
            others = [n for n, _ in progs if n != name]
            with open(os.path.join(outdir, name + '.1'), 'w', encoding='utf-8') as out:
                write_man(name, trees[name], lang, version, others, out)


def main(argv):
    mode = argv[1]
    args = argv[2:]
    opts = {}
    while args and args[0].startswith('--'):
        opts[args[0][2:]] = args[1]
        args = args[2:]
    problems = []
    progs = programs(args)
    if mode == 'man':
        trees = {name: collect(name, path, opts['lang'], problems) for name, path in progs}
        write_pages(progs, trees, opts['lang'], opts['version'], opts['outdir'])
    elif mode == 'completion':
        with open(opts['output'], 'w', encoding='utf-8') as out:
            write_completion(collect('dabiao-cli', args[0], 'en', problems), out)
    elif mode == 'all':
        # Everything the build makes, into OUTDIR (zh_CN pages in OUTDIR/zh_CN),
        # and the parsed help of both languages as JSON on stdout (the test).
        dump = {}
        for lang, outdir in (('en', opts['outdir']), ('zh_CN', os.path.join(opts['outdir'], 'zh_CN'))):
            trees = {name: collect(name, path, lang, problems) for name, path in progs}
            write_pages(progs, trees, lang, opts['version'], outdir)
            if lang == 'en':
                with open(os.path.join(outdir, 'dabiao-cli'), 'w', encoding='utf-8') as out:
                    write_completion(trees['dabiao-cli'], out)
            dump[lang] = {name: [{'words': w, 'help': h} for w, h in tree] for name, tree in trees.items()}
        json.dump({'help': dump, 'problems': problems}, sys.stdout, ensure_ascii=False, indent=1)
        return 0
    for p in problems:
        # The build goes on (the pages list what answered); the test fails on it.
        print('help-docs: WARNING: ' + p, file=sys.stderr)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
