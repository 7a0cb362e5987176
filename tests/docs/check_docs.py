#!/usr/bin/env python3
"""Checks that README.md and docs/*.md cannot drift from the repository.

Usage:
  check_docs.py REPOSITORY_ROOT BUILD_DIR   check the documents (runs --self-test first)
  check_docs.py --self-test                 show that every check fails on a bad document

What is checked:
  1. Links. Every relative link or image ([text](path), ![alt](path), [id]: path, href/src in
     HTML) names a file or directory that exists inside the repository. A `#anchor` names a
     heading of the target Markdown file, slugged the way GitHub does (lower case, punctuation
     dropped, spaces to hyphens, "-1", "-2"... for repeats); a non-Markdown target only takes
     GitHub's line anchors (#L10, #L10-L20).
  2. Commands. In every ```sh (or bash, shell) block, each command that runs a repository
     script (deploy/local/up, tests/run, bench/run...) names a file that exists and is
     executable; a repository path given as an argument exists (globs allowed). A command
     that runs one of the project's binaries (foictl, ingest-service, stats-service,
     foi-migrate, foi-load; bare or as build/...) needs that binary in BUILD_DIR, and may use
     only the flags and subcommands its --help output names (Abseil's --help lists only the
     flags of a main file named after the binary, so --helpfull is read too).

Conventions the documents keep: a ```sh block holds commands only, never their output (output
goes in a plain ``` block); a line ending in a backslash continues on the next; headings are
ATX (# Title). Paths under .foi-local/ are made at run time and are not checked; a command
word that is a shell variable ($BUF) is not checked.

Exits non-zero listing every problem as FILE:LINE: message.
"""
import glob
import os
import pathlib
import re
import shlex
import subprocess
import sys
import tempfile
import unicodedata
from urllib.parse import unquote

# The project's binaries, by name, and where each is built inside BUILD_DIR.
BINARIES = {
    "foictl": "cli/foictl",
    "ingest-service": "ingest-service/ingest-service",
    "stats-service": "stats-service/stats-service",
    "foi-migrate": "common/foi-migrate",
    "foi-load": "bench/foi-load",
}
# Flags every Abseil binary takes without listing them.
ABSEIL_BUILTIN_FLAGS = {"help", "helpfull", "helpshort", "helppackage", "version",
                        "only_check_args"}
SHELL_LANGUAGES = {"sh", "bash", "shell"}
COMMAND_PREFIXES = {"sudo", "env", "exec", "time", "nohup", "command"}
SEPARATORS = {"|", "||", "&&", ";", "&", "|&"}
RUNTIME_PATHS = (".foi-local/",)


def documents_of(root):
    docs = [root / "README.md"] + sorted((root / "docs").glob("*.md"))
    return [d for d in docs if d.exists()]


# ---------------------------------------------------------------------------------------------
# Markdown structure: fenced blocks, headings, links.

FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})\s*([^`\s]*)[^`]*$")
HEADING = re.compile(r"^ {0,3}(#{1,6})\s+(.*?)\s*#*\s*$")


def split_markdown(text):
    """Yields ("text", line_no, line) for prose lines and ("code", line_no, language, lines)
    for each fenced block (line_no of its first content line)."""
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        opening = FENCE.match(lines[i])
        if not opening:
            yield ("text", i + 1, lines[i])
            i += 1
            continue
        fence, language = opening.group(1), opening.group(2).lower()
        start = i + 1
        i += 1
        body = []
        while i < len(lines):
            closing = re.match(r"^ {0,3}(`{3,}|~{3,})\s*$", lines[i])
            if closing and closing.group(1)[0] == fence[0] and len(closing.group(1)) >= len(fence):
                break
            body.append(lines[i])
            i += 1
        i += 1  # past the closing fence (or the end)
        yield ("code", start + 1, language, body)


def strip_code_spans(text):
    """The text with inline code spans replaced by the word "code" (links inside code are not
    links)."""
    return re.sub(r"(`+)(.+?)\1", "code", text, flags=re.DOTALL)


def heading_text(raw):
    """The text GitHub renders for a heading's Markdown: code spans keep their content, links
    their text, emphasis and HTML tags go."""
    parts = re.split(r"(`+.+?`+)", raw)
    out = []
    for part in parts:
        if part.startswith("`"):
            out.append(part.strip("`").strip())
            continue
        part = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", part)
        part = re.sub(r"<[^>]+>", "", part)
        part = re.sub(r"(\*+)(\S(?:.*?\S)?)\1", r"\2", part)
        out.append(part)
    return "".join(out)


def github_slug(text):
    text = text.strip().lower()
    kept = []
    for c in text:
        category = unicodedata.category(c)
        if c in "-_ " or category[0] in "LNM":
            kept.append(c)
    return "".join(kept).replace(" ", "-")


def anchors_of(path, cache):
    """The anchors GitHub makes for the headings of a Markdown file (kept in `cache`)."""
    if path not in cache:
        seen = {}
        anchors = set()
        for kind, _, *rest in split_markdown(path.read_text(encoding="utf-8")):
            if kind != "text":
                continue
            match = HEADING.match(rest[0])
            if not match:
                continue
            slug = github_slug(heading_text(match.group(2)))
            count = seen.get(slug, 0)
            seen[slug] = count + 1
            anchors.add(slug if count == 0 else f"{slug}-{count}")
        cache[path] = anchors
    return cache[path]


INLINE_LINK = re.compile(r"!?\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*<?([^)\s>]*)>?(?:\s+[\"'(][^)]*)?\s*\)")
REFERENCE_DEFINITION = re.compile(r"^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)", re.MULTILINE)
HTML_LINK = re.compile(r"""(?:href|src)\s*=\s*["']([^"']+)["']""")
SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:|^//")


def paragraphs(text):
    """Yields (line_no, text) for each run of prose lines between blank lines and code blocks,
    so that a link wrapped over two lines is still one link."""
    lines, first = [], None
    for kind, line_no, *rest in split_markdown(text):
        if kind == "text" and rest[0].strip():
            if first is None:
                first = line_no
            lines.append(rest[0])
            continue
        if lines:
            yield first, "\n".join(lines)
        lines, first = [], None
    if lines:
        yield first, "\n".join(lines)


def check_links(root, doc, anchors, problems):
    for first_line, paragraph in paragraphs(doc.read_text(encoding="utf-8")):
        text = strip_code_spans(paragraph)
        matches = list(INLINE_LINK.finditer(text)) + list(HTML_LINK.finditer(text))
        matches += list(REFERENCE_DEFINITION.finditer(text))
        for match in matches:
            target = match.group(1)
            problem = link_problem(root, doc, target, anchors)
            if problem:
                line_no = first_line + text.count("\n", 0, match.start(1))
                problems.append(f"{where(root, doc, line_no)}: link '{target}': {problem}")


def link_problem(root, doc, target, anchors):
    if not target:
        return "is empty"
    if SCHEME.match(target):
        return None
    path_part, _, anchor = target.partition("#")
    path_part = path_part.split("?")[0]
    if path_part:
        resolved = (doc.parent / unquote(path_part)).resolve()
    else:
        resolved = doc.resolve()
    try:
        resolved.relative_to(root.resolve())
    except ValueError:
        return "points outside the repository"
    if not resolved.exists():
        return f"{os.path.relpath(resolved, root.resolve())} does not exist"
    if not anchor:
        return None
    if resolved.is_file() and resolved.suffix.lower() == ".md":
        if unquote(anchor) not in anchors_of(resolved, anchors):
            return f"no heading of {os.path.relpath(resolved, root.resolve())} has the anchor #{anchor}"
        return None
    if re.fullmatch(r"L\d+(-L\d+)?", anchor) and resolved.is_file():
        return None
    return f"#{anchor} is not an anchor GitHub makes in {os.path.relpath(resolved, root.resolve())}"


# ---------------------------------------------------------------------------------------------
# Commands in shell blocks.

def logical_commands(body, first_line):
    """Yields (line_no, tokens) for each command line of a shell block: continuation lines
    joined, quotes that span lines followed, comments dropped."""
    pending = ""
    pending_line = None
    for offset, line in enumerate(body):
        if pending_line is None:
            pending_line = first_line + offset
        if line.rstrip().endswith("\\"):
            pending += line.rstrip()[:-1] + " "
            continue
        pending += line
        try:
            tokens = shlex.split(pending, comments=True, posix=True)
        except ValueError:  # a quote still open: the command goes on
            pending += "\n"
            continue
        if tokens:
            yield pending_line, tokens
        pending = ""
        pending_line = None
    if pending.strip():
        yield pending_line, None  # never closed


def join_substitutions(tokens):
    """Re-joins tokens that a $( ... ) substitution split at its spaces."""
    joined = []
    depth = 0
    for token in tokens:
        if depth > 0:
            joined[-1] += " " + token
            depth = max(0, depth + token.count("(") - token.count(")"))
        else:
            joined.append(token)
            depth = max(0, token.count("$(") - token.count(")"))
    return joined


def simple_commands(tokens):
    """Splits a command line at |, &&, ;... into the words of each simple command."""
    command = []
    for token in join_substitutions(tokens):
        if token in SEPARATORS:
            if command:
                yield command
            command = []
        elif token.endswith(";") and not token.endswith("\\;"):
            command.append(token[:-1])
            yield command
            command = []
        else:
            command.append(token)
    if command:
        yield command


ASSIGNMENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*=")
REDIRECTION = re.compile(r"^(\d*|&)(>>?|<<?|>&|<&)(.*)$")


def command_words(words):
    """The command word and its arguments, past assignments, wrappers and redirections."""
    args = []
    skip_next = False
    for word in words:
        if skip_next:
            skip_next = False
            continue
        redirection = REDIRECTION.match(word)
        if redirection:
            skip_next = redirection.group(3) == ""
            continue
        args.append(word)
    while args and (ASSIGNMENT.match(args[0]) or args[0] in COMMAND_PREFIXES):
        args.pop(0)
    return args


def normalise_build_path(word):
    for variable in ("${BUILD_DIR:-build}", "${BUILD_DIR}", "$BUILD_DIR"):
        if word.startswith(variable + "/"):
            return "build/" + word[len(variable) + 1:]
    return word


class HelpCache:
    """What each binary's --help output names: flags (bool or not) and subcommand words."""

    def __init__(self):
        self.cache = {}

    def read(self, name, path):
        if path in self.cache:
            return self.cache[path]
        text = ""
        for option in ("--help", "--helpfull"):
            try:
                run = subprocess.run([str(path), option], capture_output=True, text=True,
                                     timeout=20, stdin=subprocess.DEVNULL)
                text += run.stdout + run.stderr + "\n"
            except (OSError, subprocess.TimeoutExpired) as error:
                self.cache[path] = None, f"cannot run {path} {option}: {error}"
                return self.cache[path]
        flags = {}
        for match in re.finditer(r"^\s*--([A-Za-z0-9_]+) \((.*?)\);\s*default: ([^;]*);",
                                 text, re.MULTILINE | re.DOTALL):
            flags[match.group(1)] = match.group(3).strip() in ("true", "false")
        if not flags:
            self.cache[path] = None, f"{path} --help lists no flags; is it an Abseil binary?"
            return self.cache[path]
        usage = re.split(r"\n\s*(?:Flags from|No flags matched|Try --help)", text, maxsplit=1)[0]
        subcommands = set()
        for line in usage.splitlines():
            words = line.replace("|", " | ").split()
            for i, word in enumerate(words):
                if word.rstrip(":") == name:
                    subcommands |= {w for w in words[i + 1:] if re.fullmatch(r"[a-z][a-z0-9-]*", w)}
        self.cache[path] = (flags, subcommands), None
        return self.cache[path]


def check_binary_use(name, path, args, helps, location, problems):
    known, error = helps.read(name, path)
    if error:
        problems.append(f"{location}: {error}")
        return
    flags, subcommands = known
    i = 0
    while i < len(args):
        arg = args[i]
        i += 1
        if arg.startswith("[") and arg.endswith("]"):
            arg = arg[1:-1]
        if arg.startswith("-") and arg not in ("-", "--"):
            flag = arg.lstrip("-").split("=", 1)[0]
            if flag in ABSEIL_BUILTIN_FLAGS:
                continue
            if flag not in flags and not (flag.startswith("no") and flags.get(flag[2:]) is True):
                problems.append(f"{location}: {name} has no flag --{flag} (see its --help)")
                continue
            if "=" not in arg and flags.get(flag) is False and i < len(args):
                i += 1  # --flag value
            continue
        if re.fullmatch(r"[a-z][a-z0-9-]*", arg) and arg not in subcommands:
            problems.append(f"{location}: {name} has no subcommand '{arg}' (see its --help)")


def check_repository_path(root, build_dir, word, location, problems, must_run):
    """Checks a repository path a command runs or reads; returns the resolved path or None."""
    word = normalise_build_path(word)
    if word.startswith(RUNTIME_PATHS) or "$" in word or word.startswith(("/", "~")):
        return None
    if word.startswith("build/"):
        base, relative = build_dir, word[len("build/"):]
    else:
        base, relative = root, word
    matches = glob.glob(str(base / relative)) if any(c in relative for c in "*?[") else (
        [str(base / relative)] if (base / relative).exists() else [])
    if not matches:
        shown = word if base == root else f"{word} (in {build_dir})"
        problems.append(f"{location}: {shown} does not exist")
        return None
    path = pathlib.Path(matches[0])
    if must_run and not (path.is_file() and os.access(path, os.X_OK)):
        problems.append(f"{location}: {word} is not an executable file")
        return None
    return path


def looks_like_repository_path(root, word):
    word = normalise_build_path(word)
    if "/" not in word or SCHEME.match(word) or "$" in word or word.startswith(RUNTIME_PATHS):
        return False
    first = word.split("/", 1)[0]
    return first == "build" or (first not in ("", ".", "..") and (root / first).is_dir())


def check_commands(root, build_dir, doc, helps, problems):
    for kind, line_no, *rest in split_markdown(doc.read_text(encoding="utf-8")):
        if kind != "code" or rest[0] not in SHELL_LANGUAGES:
            continue
        for command_line, tokens in logical_commands(rest[1], line_no):
            location = where(root, doc, command_line)
            if tokens is None:
                problems.append(f"{location}: a quote is never closed")
                continue
            for words in simple_commands(tokens):
                args = command_words(words)
                if not args:
                    continue
                word = normalise_build_path(args[0])
                name = pathlib.PurePosixPath(word).name
                if name in BINARIES and (word == name or word.startswith("build/")):
                    if word == name:
                        word = "build/" + BINARIES[name]
                    path = check_repository_path(root, build_dir, word, location, problems, True)
                    if path is not None:
                        check_binary_use(name, path, args[1:], helps, location, problems)
                elif "/" in word:
                    check_repository_path(root, build_dir, word, location, problems, True)
                for arg in args[1:]:
                    if not arg.startswith("-") and looks_like_repository_path(root, arg):
                        check_repository_path(root, build_dir, arg, location, problems, False)


def where(root, doc, line_no):
    return f"{os.path.relpath(doc, root)}:{line_no}"


def check(root, build_dir):
    problems = []
    helps = HelpCache()
    anchors = {}
    for doc in documents_of(root):
        check_links(root, doc, anchors, problems)
        check_commands(root, build_dir, doc, helps, problems)
    return problems


# ---------------------------------------------------------------------------------------------
# Self-test: a small repository with good and bad documents and a fake foictl.

FAKE_FOICTL = r"""#!/bin/sh
cat <<'HELP'
foictl: foictl submit FILE.json...
foictl compare --offence=ID [--format=table|csv|json]
foictl returns list [--force=ID]

  Flags from cli/foictl_main.cc:
    --force (returns list: only this force); default: "";
    --format (compare: table, csv or json); default: "table";
    --offence (compare: offence id); default: "";
    --validate_only (upload: check the file, store nothing); default: false;

Try --helpfull to get a list of all flags or --help=substring shows help for
flags which include specified substring in either in the name, or description or
path.
HELP
exit 1
"""

GOOD_README = """# Example

## Two `commands` & more

See [the guide](docs/guide.md#the-guide), [below](#two-commands--more), [a file](tests/run),
[a line](tests/run#L2) and [a link wrapped
over two lines](docs/guide.md). `[not a link](nowhere.md)` is code.

```sh
tests/run
FOI_API_KEY=$(cat .foi-local/admin.key) build/cli/foictl returns list --force=lancashire
build/cli/foictl compare --offence=rape \\
  --format=csv --novalidate_only | head -3
foictl submit tests/data/*.json
$BUF curl --list-methods http://127.0.0.1:50051
```

```
$ output is not checked: build/cli/missing --nonsense
```
"""

GOOD_GUIDE = """# The guide

Back to [the README](../README.md#example).
"""

BAD_README = """# Example

[gone](docs/missing.md), [no anchor](docs/guide.md#no-such-heading), [out](../../etc/passwd),
[a link wrapped over
two lines](docs/wrapped.md).

```sh
deploy/no-such-script
build/cli/foictl compare --offence=rape --no_such_flag=1
build/cli/foictl frobnicate
build/cli/foictl submit tests/data/missing.json
stats-service --listen=127.0.0.1:0
tests/not-executable
```
"""


def self_test():
    with tempfile.TemporaryDirectory() as scratch:
        root = pathlib.Path(scratch) / "repo"
        build = root / "build"
        (root / "docs").mkdir(parents=True)
        (root / "tests" / "data").mkdir(parents=True)
        (build / "cli").mkdir(parents=True)
        (root / "tests" / "run").write_text("#!/bin/sh\ntrue\n")
        (root / "tests" / "run").chmod(0o755)
        (root / "tests" / "not-executable").write_text("#!/bin/sh\n")
        (root / "tests" / "data" / "a.json").write_text("{}")
        (build / "cli" / "foictl").write_text(FAKE_FOICTL)
        (build / "cli" / "foictl").chmod(0o755)
        (root / "docs" / "guide.md").write_text(GOOD_GUIDE)

        failures = []
        (root / "README.md").write_text(GOOD_README)
        good = check(root, build)
        if good:
            failures.append("a good document was refused:\n  " + "\n  ".join(good))

        (root / "README.md").write_text(BAD_README)
        bad = "\n".join(check(root, build))
        expected = [
            "link 'docs/missing.md': docs/missing.md does not exist",
            "link 'docs/guide.md#no-such-heading': no heading of docs/guide.md has the anchor",
            "link '../../etc/passwd': points outside the repository",
            "README.md:5: link 'docs/wrapped.md': docs/wrapped.md does not exist",
            "deploy/no-such-script does not exist",
            "foictl has no flag --no_such_flag",
            "foictl has no subcommand 'frobnicate'",
            "tests/data/missing.json does not exist",
            "build/stats-service/stats-service (in",
            "tests/not-executable is not an executable file",
        ]
        for message in expected:
            if message not in bad:
                failures.append(f"a bad document passed: expected '{message}' in:\n{bad}")
    return failures


def main(argv):
    if argv[1:] == ["--self-test"]:
        failures = self_test()
        print("\n".join(failures) if failures else "check_docs: self-test passed")
        return 1 if failures else 0
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    failures = self_test()
    if failures:
        print("check_docs: the checker itself is broken:\n" + "\n".join(failures))
        return 1
    root = pathlib.Path(argv[1]).resolve()
    build_dir = pathlib.Path(argv[2]).resolve()
    problems = check(root, build_dir)
    if problems:
        print("\n".join(problems))
        return 1
    print(f"check_docs: {len(documents_of(root))} documents: links resolve and commands exist")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
