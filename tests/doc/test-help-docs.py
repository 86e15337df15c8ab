#!/usr/bin/env python3
# The manual pages and the bash completion never drift from --help.
#
# They are generated at build time from the programs' --help (doc/help-docs.py).
# This test fails when
#   - a command or subcommand does not answer --help (exit 0, text on stdout),
#     so it would be missing from the pages: commands with subcommands must
#     dispatch through dabiao_cli_run_subcommand();
#   - the built pages or completion differ from what the current programs
#     give (a build rule that missed a dependency);
#   - a command, subcommand or option from --help is missing from the English
#     or Chinese page or from the completion, or the Chinese page is not
#     translated;
#   - a page makes man/groff warn (as lintian would);
#   - the completion, run in bash, does not offer the commands, the options,
#     the standards' ids, the instrument profiles or event files.
import json
import os
import shutil
import subprocess
import sys
import tempfile

source_root = os.environ['DABIAO_SOURCE_ROOT']
build_root = os.environ['DABIAO_BUILD_ROOT']
generator = os.path.join(source_root, 'doc', 'help-docs.py')
programs = ['dabiao=' + os.environ['DABIAO_APP'],
            'dabiao-cli=' + os.environ['DABIAO_CLI'],
            'dabiao-sim=' + os.environ['DABIAO_SIM']]
built = os.path.join(build_root, 'doc')
failures = []


def fail(message):
    failures.append(message)
    print('FAIL: ' + message)


def read(path):
    with open(path, encoding='utf-8') as f:
        return f.read()


def section(page, name, words):
    """The text of the .SS section of NAME WORDS in a generated page."""
    title = ' '.join([name] + words).replace('-', '\\-')
    marker = '.SS "%s"\n' % title
    if not words:
        end = page.find('.SS ')
        return page[:end] if end >= 0 else page
    start = page.find(marker)
    if start < 0:
        return None
    end = page.find('.SS ', start + len(marker))
    end2 = page.find('.SH ', start + len(marker))
    ends = [e for e in (end, end2) if e >= 0]
    return page[start:min(ends) if ends else len(page)]


# 1. and 2. Everything generated afresh from the current programs (which
# also gives the parsed help of both languages): every command answers
# --help, and the built files are the same.
with tempfile.TemporaryDirectory() as tmp:
    os.mkdir(os.path.join(tmp, 'zh_CN'))
    version = subprocess.run([os.environ['DABIAO_CLI'], '--version'], check=True,
                             stdout=subprocess.PIPE, text=True).stdout.split()[-1]
    out = subprocess.run([sys.executable, generator, 'all', '--version', version, '--outdir', tmp] + programs,
                         check=True, stdout=subprocess.PIPE).stdout
    result = json.loads(out)
    for p in result['problems']:
        fail(p)
    help_en = {'programs': result['help']['en']}
    help_zh = {'programs': result['help']['zh_CN']}
    for rel in ['dabiao.1', 'dabiao-cli.1', 'dabiao-sim.1', 'zh_CN/dabiao.1', 'zh_CN/dabiao-cli.1',
                'zh_CN/dabiao-sim.1', 'dabiao-cli']:
        path = os.path.join(built, rel)
        if not os.path.exists(path):
            fail('doc/%s was not built' % rel)
        elif read(path) != read(os.path.join(tmp, rel)):
            fail('doc/%s differs from what the current --help gives: the build rule in '
                 'doc/meson.build missed a dependency' % rel)

# 3. Every command, subcommand and option is in both pages and the completion.
completion = read(os.path.join(built, 'dabiao-cli'))
completion_options = completion[completion.find('_dabiao_cli_options () {'):]
n_checked = 0
for lang, helps in (('en', help_en), ('zh_CN', help_zh)):
    for name, tree in helps['programs'].items():
        page_path = os.path.join(built, name + '.1') if lang == 'en' else \
            os.path.join(built, 'zh_CN', name + '.1')
        # (\: lets troff break Chinese lines; it is not text)
        page = read(page_path).replace('\\:', '')
        for node in tree:
            words, help = node['words'], node['help']
            where = ' '.join([name] + words)
            text = section(page, name, words)
            if text is None:
                fail('%s (%s): no section for “%s”' % (page_path, lang, where))
                continue
            for c in help['commands']:
                if '.B %s\n' % c['name'].replace('-', '\\-') not in text:
                    fail('%s: “%s %s” is not listed' % (page_path, where, c['name']))
            for o in help['options']:
                for flag in o['flags']:
                    n_checked += 1
                    if '\\fB%s\\fR' % flag.replace('-', '\\-') not in text:
                        fail('%s: option %s of “%s” is missing' % (page_path, flag, where))
                    if name == 'dabiao-cli' and lang == 'en':
                        line = "    '%s') echo '" % ' '.join(words)
                        start = completion_options.find(line)
                        opts = completion_options[start + len(line):
                                                  completion_options.find("'", start + len(line))].split() \
                            if start >= 0 else []
                        if flag not in opts:
                            fail('completion: option %s of “%s” is missing' % (flag, where))
            for p in help['paragraphs']:
                first = p.split()[0].replace('-', '\\-')
                if first not in text:
                    fail('%s: the description of “%s” (%s…) is missing' % (page_path, where, first))

# The Chinese pages are translated: the summaries differ from the English ones
# and hold Chinese.
for name in help_en['programs']:
    en = help_en['programs'][name][0]['help']['paragraphs'][0]
    zh = help_zh['programs'][name][0]['help']['paragraphs'][0]
    if en == zh or not any('\u4e00' <= ch <= '\u9fff' for ch in zh):
        fail('zh_CN/%s.1 is not translated: %r' % (name, zh))

# 4. man renders each page without a warning (lintian's groff-message check).
man = shutil.which('man')
if man:
    for rel in ['dabiao.1', 'dabiao-cli.1', 'dabiao-sim.1', 'zh_CN/dabiao.1', 'zh_CN/dabiao-cli.1',
                'zh_CN/dabiao-sim.1']:
        env = dict(os.environ, MANWIDTH='80', LC_ALL='C.UTF-8')
        proc = subprocess.run([man, '--warnings', '-E', 'UTF-8', '-l', '-Tutf8', '-Z',
                               os.path.join(built, rel)], env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True)
        if proc.returncode != 0 or proc.stderr.strip():
            fail('man --warnings %s: %s' % (rel, proc.stderr.strip()[:500]))
else:
    print('man is not installed: rendering not checked')

# 5. The completion, in bash.
bash = shutil.which('bash')


def complete_all(lines, cwd, preamble=''):
    """COMPREPLY for each command line of LINES (completing its last word),
    all in one bash."""
    script = [preamble, completion]
    for line in lines:
        script.append('''
words=(%s)
COMP_WORDS=("${words[@]}")
COMP_CWORD=$((${#words[@]} - 1))
COMP_LINE="${words[*]}"
COMP_POINT=${#COMP_LINE}
COMPREPLY=()
_dabiao_cli
printf '%%s\\n' "${COMPREPLY[@]}"
echo "@@end"
''' % ' '.join("'%s'" % w for w in line))
    env = dict(os.environ, LANGUAGE='en')
    out = subprocess.run([bash, '--norc', '--noprofile', '-c', '\n'.join(script)], cwd=cwd, env=env,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if out.returncode != 0 or out.stderr.strip():
        fail('completion: exit %d: %s' % (out.returncode, out.stderr.strip()[:300]))
    replies = out.stdout.split('@@end\n')
    return [[l for l in r.split('\n') if l] for r in replies[:len(lines)]]


cases = 0
with tempfile.TemporaryDirectory() as tmp:
    open(os.path.join(tmp, '甲.dabiao'), 'w').close()
    open(os.path.join(tmp, 'notes.txt'), 'w').close()
    cli = os.environ['DABIAO_CLI']
    commands = [c['name'] for c in help_en['programs']['dabiao-cli'][0]['help']['commands']]
    expectations = [
        ([cli, ''], set(commands), 'every command'),
        ([cli, 'sc'], {'score'}, 'a command by its start'),
        ([cli, 'event', ''], {'new', 'show', 'stations'}, 'the subcommands of event'),
        ([cli, 'standards', ''], {'list', 'show', 'check', 'export', 'import', 'remove'},
         'the subcommand words in the usage of standards'),
        ([cli, 'score', '--st'], {'--standard'}, 'an option by its start'),
        ([cli, 'score', '--standard', 'student'], {'student-2014'}, 'the standards’ ids'),
        ([cli, 'score', '--standard=student'], {'--standard=student-2014'}, 'an id after --standard='),
        ([cli, 'standards', 'show', ''], {'student-2014', 'natfit-2003'}, 'ids for standards show'),
        ([cli, 'listen', '--profile', 'height'], {'height-weight-line'}, 'the instrument profiles'),
        ([cli, 'profile', 'test', ''], {'height-weight-line'}, 'a profile for profile test'),
        ([cli, 'record', ''], {'甲.dabiao'}, 'event files for an EVENT argument'),
        ([cli, 'event', 'show', ''], {'甲.dabiao'}, 'event files for event show'),
        ([cli, 'merge', '甲.dabiao', '甲.dabiao', ''], {'甲.dabiao'}, 'event files for OTHER…'),
        ([cli, 'export', 'upload', '甲.dabiao', '-o', 'no'], {'notes.txt'}, 'files after -o'),
    ]
    # Every option of every command is offered after "-".
    for node in help_en['programs']['dabiao-cli'][1:]:
        if not node['help']['commands']:
            expectations.append(([cli] + node['words'] + ['-'],
                                 {f for o in node['help']['options'] for f in o['flags']},
                                 'the options of “%s”' % ' '.join(node['words'])))
    # Without and (when installed) with the bash-completion package's helpers.
    preambles = ['']
    if os.path.exists('/usr/share/bash-completion/bash_completion'):
        preambles.append('. /usr/share/bash-completion/bash_completion')
    for preamble in preambles:
        replies = complete_all([e[0] for e in expectations], tmp, preamble)
        for (line, want, what), got in zip(expectations, map(set, replies)):
            cases += 1
            if not want <= got or (what == 'every command' and got != want) or \
               (what.startswith('event files') and 'notes.txt' in got):
                fail('completion of “%s”%s: %s: expected %s, got %s' %
                     (' '.join(['dabiao-cli'] + line[1:]), ' (bash-completion loaded)' if preamble else '',
                      what, sorted(want), sorted(got)))

print('%d options checked in the pages, %d completions' % (n_checked, cases))
if failures:
    print('%d failures' % len(failures))
    sys.exit(1)
