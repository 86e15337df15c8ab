#!/usr/bin/python3
"""Issue 14's size rule, checked: no .c file under src/ over 1,500 lines, and
no function over 120 lines without a comment saying why, just above it or at
the top of its body.

Usage: check-code-size.py SOURCE_ROOT        check src/ (exit 1 on findings)
       check-code-size.py --self-test        show that the check can fail

A function's length is counted from its opening brace to its closing one.
The comment that excuses it must say it is long (the words "long" or
"lines", as in "Long (~140 lines) but linear: ...") and give a reason, in
at least eight words; it is either the comment block that ends on the line
above the function's first line, or a comment that starts in the first ten
lines of its body.  The scan is a simple one: comments, strings, character
literals and preprocessor lines are skipped, braces matched; a '{' at file
level after a ')' (no '=' before it) opens a function.
"""
import os
import re
import sys
import tempfile

MAX_FILE_LINES = 1500
MAX_FUNCTION_LINES = 120
TOP_OF_BODY = 10
MIN_REASON_WORDS = 8


def scan(text):
    """Returns (code, comments): code is @text with comments, strings and
    preprocessor lines blanked (newlines kept); comments is a list of
    (first_line, last_line, text), lines counted from 1."""
    out = []
    comments = []
    i, n, line = 0, len(text), 1
    at_line_start = True
    while i < n:
        c = text[i]
        if at_line_start and c in " \t":
            out.append(c)
            i += 1
            continue
        if at_line_start and c == "#":
            # A preprocessor line, with its continuations.
            while i < n and text[i] != "\n":
                if text[i] == "\\" and i + 1 < n and text[i + 1] == "\n":
                    out.append(" \n")
                    line += 1
                    i += 2
                    continue
                out.append(" ")
                i += 1
            continue
        at_line_start = False
        if text.startswith("/*", i):
            end = text.find("*/", i + 2)
            end = n if end < 0 else end + 2
            body = text[i:end]
            comments.append((line, line + body.count("\n"), body))
            out.append("".join("\n" if ch == "\n" else " " for ch in body))
            line += body.count("\n")
            i = end
            continue
        if text.startswith("//", i):
            end = text.find("\n", i)
            end = n if end < 0 else end
            comments.append((line, line, text[i:end]))
            out.append(" " * (end - i))
            i = end
            continue
        if c in "\"'":
            j = i + 1
            while j < n and text[j] != c and text[j] != "\n":
                j += 2 if text[j] == "\\" else 1
            out.append(c + " " * (min(j, n) - i - 1) + (c if j < n else ""))
            i = j + 1
            continue
        if c == "\n":
            line += 1
            at_line_start = True
        out.append(c)
        i += 1
    return "".join(out), comments


def functions(code):
    """Yields (name, first_line, open_line, close_line) for every function
    definition in @code (as scan() left it)."""
    depth = 0
    segment_start = 0
    open_at = None
    line = 1
    for i, c in enumerate(code):
        if c == "\n":
            line += 1
        elif c == "{":
            if depth == 0:
                seg = code[segment_start:i]
                head = seg.strip()
                if (head.endswith(")") and "=" not in seg
                        and not re.match(r"(typedef|struct|enum|union)\b", head)):
                    open_at = (seg, segment_start, line)
                else:
                    open_at = None
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                if open_at is not None:
                    seg, seg_start, open_line = open_at
                    found = function_head(code, seg, seg_start)
                    if found is not None:
                        name, first_line = found
                        yield name, first_line, open_line, line
                open_at = None
                segment_start = i + 1
            depth = max(depth, 0)
        elif c == ";" and depth == 0:
            segment_start = i + 1


def function_head(code, seg, seg_start):
    """The function's name and first line: the identifier before the last
    parenthesised group at file level of @seg, and the line where its
    declaration (return type) starts."""
    level, last_open = 0, None
    for k, ch in enumerate(seg):
        if ch == "(":
            if level == 0:
                last_open = k
            level += 1
        elif ch == ")":
            level -= 1
    if last_open is None:
        return None
    m = re.search(r"([A-Za-z_]\w*)\s*$", seg[:last_open])
    if m is None:
        return None
    name_pos = seg_start + m.start(1)
    lines = code[:name_pos].split("\n")
    name_line = len(lines)
    all_lines = code.split("\n")
    first = name_line
    # Up over the return type and storage words ("static void"), not over
    # blank lines or a previous declaration.
    while first > 1:
        above = all_lines[first - 2].strip()
        if not above or above.endswith((")", ";", "}", "{")):
            break
        first -= 1
    return m.group(1), first


def has_reason(comments, first_line, open_line):
    for start, end, body in comments:
        above = end == first_line - 1
        top = open_line <= start <= open_line + TOP_OF_BODY
        if not (above or top):
            continue
        words = re.findall(r"[\w~()-]+", body)
        if re.search(r"\b(long|longer|lines)\b", body, re.IGNORECASE) and len(words) >= MIN_REASON_WORDS:
            return True
    return False


def check_file(path, shown):
    text = open(path, encoding="utf-8", errors="replace").read()
    problems = []
    n_lines = text.count("\n") + (0 if text.endswith("\n") else 1)
    if n_lines > MAX_FILE_LINES:
        problems.append(f"{shown}: {n_lines} lines, over {MAX_FILE_LINES}: split it")
    code, comments = scan(text)
    for name, first_line, open_line, close_line in functions(code):
        length = close_line - open_line + 1
        if length > MAX_FUNCTION_LINES and not has_reason(comments, first_line, open_line):
            problems.append(f"{shown}:{first_line}: {name}() is {length} lines, over {MAX_FUNCTION_LINES}, "
                            "without a comment saying why (split it, or say why above it)")
    return problems


def check_tree(root):
    problems = []
    for top, dirs, files in os.walk(os.path.join(root, "src")):
        dirs.sort()
        for f in sorted(files):
            if f.endswith(".c"):
                path = os.path.join(top, f)
                problems += check_file(path, os.path.relpath(path, root))
    return problems


def self_test():
    """The check finds what it must, and lets the excused through."""
    body = "".join(f"  x += {k};  /* {{ a brace in a comment */\n" for k in range(125))
    cases = {
        "long-no-comment.c": ("/* What it does. */\nstatic int\nbig (int x)\n{\n" + body + "  return x;\n}\n", 1),
        "long-with-reason.c": ("/* Long (~130 lines) but linear: one step per field of the record,\n"
                               " * each with its own message. */\nstatic int\nbig (int x)\n{\n" + body + "  return x;\n}\n", 0),
        "long-reason-at-top.c": ("int\nbig (int x)\n{\n  /* Long (~130 lines): the states share one loop and its locals. */\n"
                                 + body + "  return x;\n}\n", 0),
        "long-only-says-long.c": ("/* Long. */\nint\nbig (int x)\n{\n" + body + "  return x;\n}\n", 1),
        "short.c": ("static const char *s = \"{\";\nint\nsmall (void)\n{\n  return '{';\n}\n", 0),
        "big-file.c": ("int x;\n" * (MAX_FILE_LINES + 1), 1),
    }
    failed = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, (text, expected) in cases.items():
            path = os.path.join(tmp, name)
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
            got = check_file(path, name)
            if len(got) != expected:
                failed.append(f"{name}: expected {expected} finding(s), got {got}")
    return failed


if __name__ == "__main__":
    if sys.argv[1:] == ["--self-test"]:
        failures = self_test()
        print("\n".join(failures) if failures else "self-test: the check finds long code and accepts reasons")
        sys.exit(1 if failures else 0)
    found = check_tree(sys.argv[1])
    print("\n".join(found) if found else "no .c over 1,500 lines; no function over 120 lines without a reason")
    sys.exit(1 if found else 0)
