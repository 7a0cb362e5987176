#!/usr/bin/env python3
"""Runs every shell command that README.md and docs/*.md show, against a real local stack.

Usage:
  run_documented_commands.py REPOSITORY_ROOT BUILD_DIR [--keep]
      run the documents (after --self-test); --keep leaves the temporary directory (each
      document's script and transcript, up's output, the logs) and says where
  run_documented_commands.py --self-test
      show that the runner catches a failing command, an expected failure that succeeds, shown
      output that drifted and misplaced markers

What it does:
  1. Starts deploy/local/up in the background with FOI_LOCAL_DIR in a fresh temporary directory,
     FOI_INGEST_PORT and FOI_STATS_PORT on free ports and BUILD_DIR=BUILD_DIR, and waits (at
     most 300 s) until up prints "foi-outcomes is up.". A developer's own stack (.foi-local of
     the checkout, ports 50051 and 50052) is left alone.
  2. Runs every fenced shell block (```sh, bash or shell) of README.md, then of docs/*.md in
     name order. The blocks of one file run in document order as one script,
     `bash -e -o pipefail`, so a variable one block sets (BUF, KEY, G) is there for the later
     blocks of that file; a failing command stops that file's script and is reported as
     FILE:LINE. The working directory is a temporary copy of the checkout (build/ there is
     BUILD_DIR, .foi-local/tools the checkout's buf), so files a block writes (funnel.svg, TLS
     keys) never land in the checkout. Before running, the documented defaults become the test
     stack's: 127.0.0.1:50051 and 127.0.0.1:50052 its ports, .foi-local/admin.key its key file,
     127.0.0.1:5432 (the database URL of the examples) its PostgreSQL; FOI_INGEST_ADDRESS and
     FOI_STATS_ADDRESS are set, and every other FOI_* variable of the caller is dropped.
  3. Stops up with SIGTERM and waits for it; then kills whatever is left of its process group
     and stops PostgreSQL by its pid file (pg_ctl detaches it from up's group), pass or fail.

Markers, an HTML comment on the line before a block (blank lines between are allowed):
  <!-- not run: REASON -->   the block is skipped (docker, a server that runs until stopped, a
                              second machine...); the summary lists each with its reason.
  <!-- expect failure -->     the block must fail (exit non-zero): an invalid request shown on
                              purpose. Such a block holds exactly one command.
A marker that is not followed by a shell block is an error.

Shown output: when a shell block is followed directly (only blank lines between) by a fenced
block without a language or ```text, that block is its output. It is not compared literally
(data versions and timestamps change), but every line of it whose first word is a force id of
the sample data (deploy/local/sample-returns/*.json) must appear in the real output of the
block, word for word: the same figures.

Exits non-zero listing every problem; prints how many blocks ran, were skipped (and why), failed
as expected, and whose output was checked.
"""
import json
import os
import pathlib
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

SHELL_LANGUAGES = {"sh", "bash", "shell"}
OUTPUT_LANGUAGES = {"", "text"}
UP_READY = "foi-outcomes is up."
UP_TIMEOUT_SECONDS = 300
FILE_TIMEOUT_SECONDS = 150
# Everything but stopping the stack, within ctest's TIMEOUT of 600 s.
TOTAL_SECONDS = 540
STOP_TIMEOUT_SECONDS = 60

BLOCK_MARKER = "##docs-block##"
ERROR_MARKER = "##docs-error##"
UNEXPECTED_SUCCESS_MARKER = "##docs-unexpected-success##"
EXPECTED_FAILURE_MARKER = "##docs-failed-as-expected##"
DONE_MARKER = "##docs-done##"
UNEXPECTED_SUCCESS_STATUS = 97

FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})\s*([^`\s]*)[^`]*$")
MARKER = re.compile(r"^\s*<!--\s*(.*?)\s*-->\s*$")
NOT_RUN = re.compile(r"^not run:\s*(\S.*)$")
EXPECT_FAILURE = "expect failure"


def documents_of(root):
    """README.md first, then docs/*.md in name order."""
    docs = [root / "README.md"] + sorted((root / "docs").glob("*.md"))
    return [d for d in docs if d.exists()]


# ---------------------------------------------------------------------------------------------
# Markdown: fenced blocks, their markers and their shown output.

class Block:
    def __init__(self, doc, name, line, language, body):
        self.doc = doc            # path of the Markdown file
        self.name = name          # its name relative to the repository, for messages
        self.line = line          # line of the opening fence, from 1
        self.language = language
        self.body = body          # the lines between the fences
        self.skip_reason = None   # from <!-- not run: REASON -->
        self.expect_failure = False
        self.shown_output = None  # the Block presenting this block's output, if any
        self.index = None         # its number in its file's script

    def where(self, offset=None):
        """FILE:LINE of the block's opening fence, or of its body line `offset`."""
        return f"{self.name}:{self.line if offset is None else self.line + 1 + offset}"


def parse_document(doc, name):
    """Returns (every fenced block in order, problems). Markers are attached to shell blocks;
    each shell block's shown output is attached to it."""
    lines = doc.read_text(encoding="utf-8").split("\n")
    blocks, problems = [], []
    pending_marker = None  # (line_no, text) of a marker not yet attached
    previous_shell = None  # a shell block whose closing fence was followed only by blank lines
    i = 0
    while i < len(lines):
        line = lines[i]
        opening = FENCE.match(line)
        if not opening:
            marker = MARKER.match(line)
            if marker and (marker.group(1).startswith("not run") or
                           marker.group(1) == EXPECT_FAILURE):
                if pending_marker:
                    problems.append(f"{name}:{pending_marker[0]}: marker "
                                    f"'<!-- {pending_marker[1]} -->' is followed by another")
                pending_marker = (i + 1, marker.group(1))
            elif line.strip():
                if pending_marker:
                    problems.append(f"{name}:{pending_marker[0]}: marker '<!-- {pending_marker[1]}"
                                    " -->' is not followed by a shell block")
                    pending_marker = None
                previous_shell = None
            i += 1
            continue
        fence, language = opening.group(1), opening.group(2).lower()
        start = i + 1
        i += 1
        body = []
        closed = False
        while i < len(lines):
            closing = re.match(r"^ {0,3}(`{3,}|~{3,})\s*$", lines[i])
            if closing and closing.group(1)[0] == fence[0] and len(closing.group(1)) >= len(fence):
                closed = True
                break
            body.append(lines[i])
            i += 1
        i += 1
        block = Block(doc, name, start, language, body)
        if not closed:
            problems.append(f"{block.where()}: the block is never closed")
        blocks.append(block)
        if previous_shell is not None and language in OUTPUT_LANGUAGES:
            previous_shell.shown_output = block
        previous_shell = None
        if language in SHELL_LANGUAGES:
            previous_shell = block
            if pending_marker:
                text = pending_marker[1]
                not_run = NOT_RUN.match(text)
                if text == EXPECT_FAILURE:
                    block.expect_failure = True
                    if len(logical_lines(body)) != 1:
                        problems.append(f"{block.where()}: a block marked '<!-- expect failure -->'"
                                        " must hold exactly one command, the one that fails")
                elif not_run:
                    block.skip_reason = not_run.group(1)
                else:
                    problems.append(f"{name}:{pending_marker[0]}: '<!-- {text} -->' needs a reason:"
                                    " '<!-- not run: REASON -->'")
        elif pending_marker:
            problems.append(f"{name}:{pending_marker[0]}: marker '<!-- {pending_marker[1]} -->' "
                            f"is followed by a ```{language} block, not a shell block")
        pending_marker = None
    if pending_marker:
        problems.append(f"{name}:{pending_marker[0]}: marker '<!-- {pending_marker[1]} -->' "
                        "is not followed by a shell block")
    return blocks, problems


def logical_lines(body):
    """The commands of a block: continuation lines joined, blank and comment lines dropped."""
    commands, pending = [], ""
    for line in body:
        if line.rstrip().endswith("\\"):
            pending += line.rstrip()[:-1] + " "
            continue
        pending += line
        if pending.strip() and not pending.strip().startswith("#"):
            commands.append(pending)
        pending = ""
    if pending.strip():
        commands.append(pending)
    return commands


# ---------------------------------------------------------------------------------------------
# Running one document's blocks as one script.

ERR_TRAP = f"trap 'echo \"{ERROR_MARKER} $LINENO $?\"' ERR"


def build_script(blocks, substitute):
    """The script for one document's runnable blocks, and for each script line (from 1) the
    (block, body offset) it came from."""
    lines, origin = [], []

    def emit(text, block=None, offset=None):
        lines.append(text)
        origin.append((block, offset))

    emit(ERR_TRAP)
    for block in blocks:
        emit(f"echo '{BLOCK_MARKER} {block.index} {block.where()}'", block)
        if block.expect_failure:
            # A subshell with errexit on, outside any `if` or `&&` (where bash would ignore it):
            # any failing command ends it non-zero, which is what the block must do.
            emit("trap - ERR", block)
            emit("set +e", block)
            emit("(", block)
            emit("set -e", block)
        for offset, text in enumerate(block.body):
            emit(substitute(text), block, offset)
        if block.expect_failure:
            emit(")", block)
            emit("__docs_status=$?", block)
            emit("set -e", block)
            emit(ERR_TRAP, block)
            emit(f"if [ \"$__docs_status\" -eq 0 ]; then echo '{UNEXPECTED_SUCCESS_MARKER} "
                 f"{block.index}'; exit {UNEXPECTED_SUCCESS_STATUS}; fi", block)
            emit(f"echo \"{EXPECTED_FAILURE_MARKER} $__docs_status\"", block)
    emit(f"echo '{DONE_MARKER}'")
    return "\n".join(lines) + "\n", origin


def run_script(script, workdir, env, timeout, transcript_path):
    """Runs `script` with bash -e -o pipefail in `workdir`; returns (exit status or None on
    timeout, transcript)."""
    script_path = transcript_path.with_suffix(".sh")
    script_path.write_text(script, encoding="utf-8")
    with open(transcript_path, "wb") as transcript:
        process = subprocess.Popen(["bash", "-e", "-o", "pipefail", str(script_path)],
                                   cwd=workdir, env=env, stdin=subprocess.DEVNULL,
                                   stdout=transcript, stderr=subprocess.STDOUT,
                                   start_new_session=True)
        try:
            status = process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            status = None
        finally:
            kill_group(process.pid, signal.SIGKILL)
            if process.poll() is None:
                process.wait()
    return status, transcript_path.read_text(encoding="utf-8", errors="replace")


def split_transcript(transcript):
    """{block index: its output lines}, the index of the last block started, the script line
    of the last ERR trap, whether the script finished, and the block that unexpectedly
    succeeded."""
    outputs, current, error_line, done, unexpected = {}, None, None, False, None
    for line in transcript.split("\n"):
        if line.startswith(BLOCK_MARKER + " "):
            current = int(line.split()[1])
            outputs[current] = []
        elif line.startswith(ERROR_MARKER + " "):
            error_line = int(line.split()[1])
        elif line == DONE_MARKER:
            done = True
        elif line.startswith(UNEXPECTED_SUCCESS_MARKER + " "):
            unexpected = int(line.split()[1])
        elif current is not None:
            outputs[current].append(line)
    return outputs, current, error_line, done, unexpected


def check_shown_output(block, real_lines, force_ids):
    """Problems with a block's shown output: every shown line whose first word is a sample
    force id must appear, word for word, among the real output's lines."""
    problems = []
    real = [line.split() for line in real_lines]
    checked = 0
    for offset, shown in enumerate(block.shown_output.body):
        words = shown.split()
        if not words or words[0] not in force_ids:
            continue
        checked += 1
        if words in real:
            continue
        same_force = [" ".join(r) for r in real if r and r[0] == words[0]]
        problems.append(
            f"{block.shown_output.where(offset)}: the output shown for {block.where()} has\n"
            f"      {' '.join(words)}\n    but the command printed"
            + (":\n      " + "\n      ".join(same_force) if same_force
               else f" no line for {words[0]}"))
    return problems, checked


class Tally:
    def __init__(self):
        self.run = 0
        self.skipped = []           # (where, reason)
        self.failed_as_expected = []  # (where, exit status, the first line it printed)
        self.outputs_checked = 0    # blocks
        self.lines_checked = 0


def run_document(blocks, workdir, env, substitute, scratch, force_ids, tally,
                 timeout=FILE_TIMEOUT_SECONDS):
    """Runs one document's shell blocks; returns (problems, transcript or None)."""
    shell_blocks = [b for b in blocks if b.language in SHELL_LANGUAGES]
    runnable = []
    for block in shell_blocks:
        if block.skip_reason:
            tally.skipped.append((block.where(), block.skip_reason))
        else:
            block.index = len(runnable)
            runnable.append(block)
    if not runnable:
        return [], None
    script, origin = build_script(runnable, substitute)
    transcript_path = scratch / (runnable[0].name.replace("/", "_") + ".out")
    status, transcript = run_script(script, workdir, env, timeout, transcript_path)
    outputs, last, error_line, done, unexpected = split_transcript(transcript)

    problems = []
    finished = len(runnable) if (status == 0 and done) else (last if last is not None else 0)
    for block in runnable[:finished]:
        tally.run += 1
        if block.expect_failure:
            printed = outputs.get(block.index, [])
            status_lines = [l for l in printed if l.startswith(EXPECTED_FAILURE_MARKER + " ")]
            first = next((l.strip() for l in printed if l.strip() and l not in status_lines), "")
            tally.failed_as_expected.append(
                (block.where(), status_lines[-1].split()[1] if status_lines else "?", first))
        if block.shown_output is not None:
            found, checked = check_shown_output(block, outputs.get(block.index, []), force_ids)
            problems += found
            if checked:
                tally.outputs_checked += 1
                tally.lines_checked += checked
    if status == 0 and done:
        return problems, transcript

    failed = runnable[last] if last is not None else runnable[0]
    tally.run += 1
    if status is None:
        problems.append(f"{failed.where()}: still running after {timeout} s; stopped")
    elif unexpected is not None:
        problems.append(f"{failed.where()}: succeeded, but it is marked '<!-- expect failure -->'")
    else:
        near = ""
        if error_line is not None and 0 < error_line <= len(origin):
            block, offset = origin[error_line - 1]
            if block is failed and offset is not None:
                near = f", at or near {failed.where(offset)}"
        problems.append(f"{failed.where()}: failed with exit status {status}{near}")
    printed = outputs.get(failed.index, [])
    while printed and not printed[-1].strip():
        printed = printed[:-1]
    problems[-1] += ("\n  the block:\n    " + "\n    ".join(failed.body)
                     + f"\n  what it printed{' (the last 40 lines)' if len(printed) > 40 else ''}:"
                     + "\n    " + "\n    ".join(printed[-40:] or ["(nothing)"]))
    not_reached = runnable[failed.index + 1:]
    if not_reached:
        problems.append(f"{failed.name}: {len(not_reached)} later block(s) not reached: "
                        + ", ".join(b.where() for b in not_reached))
    return problems, transcript


def run_documents(root, docs, workdir, env, substitute, scratch, force_ids, tally,
                  deadline=None):
    problems = []
    parsed = []
    for doc in docs:
        blocks, found = parse_document(doc, os.path.relpath(doc, root))
        problems += found
        parsed.append(blocks)
    if problems:  # a malformed marker would change what runs: fix the documents first
        return problems
    for blocks in parsed:
        timeout = FILE_TIMEOUT_SECONDS
        if deadline is not None:
            timeout = max(10, min(timeout, int(deadline - time.monotonic())))
        found, _ = run_document(blocks, workdir, env, substitute, scratch, force_ids, tally,
                                timeout)
        problems += found
    return problems


# ---------------------------------------------------------------------------------------------
# The stack: deploy/local/up in a temporary FOI_LOCAL_DIR, and everything it starts.

def free_port(taken=()):
    while True:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        if port not in taken:
            return port


def kill_group(pgid, sig):
    try:
        os.killpg(pgid, sig)
    except (ProcessLookupError, PermissionError):
        pass


def process_alive(pid):
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(") ")[-1][0] != "Z"
    except OSError:
        return False


def clean_environment():
    """The caller's environment without FOI_* settings, which would change what the services
    and the documents' commands do."""
    return {k: v for k, v in os.environ.items() if not k.startswith("FOI_")}


class Stack:
    def __init__(self, root, build_dir, scratch):
        self.root = root
        self.build_dir = build_dir
        self.local_dir = scratch / "local"
        self.up_log = scratch / "up.log"
        self.ingest_port = free_port()
        self.stats_port = free_port({self.ingest_port})
        self.pg_port = None
        self.process = None

    def start(self):
        # As root, up runs PostgreSQL as the postgres user (deploy/lib/postgres.sh chowns the
        # cluster's own folder to it): every folder above that must let it through.
        for folder in (self.local_dir.parent, self.local_dir):
            folder.mkdir(exist_ok=True)
            folder.chmod(0o755)
        env = clean_environment()
        env.update(FOI_LOCAL_DIR=str(self.local_dir), FOI_INGEST_PORT=str(self.ingest_port),
                   FOI_STATS_PORT=str(self.stats_port), BUILD_DIR=str(self.build_dir))
        with open(self.up_log, "wb") as log:
            self.process = subprocess.Popen([str(self.root / "deploy/local/up")], cwd=self.root,
                                            env=env, stdin=subprocess.DEVNULL, stdout=log,
                                            stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + UP_TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            output = self.output()
            if UP_READY in output:
                match = re.search(r"PostgreSQL\s+postgresql://\S+@127\.0\.0\.1:(\d+)/", output)
                self.pg_port = int(match.group(1)) if match else None
                return None
            if self.process.poll() is not None:
                return f"deploy/local/up exited with status {self.process.returncode} before it was up"
            time.sleep(0.5)
        return f"deploy/local/up did not print '{UP_READY}' within {UP_TIMEOUT_SECONDS} s"

    def output(self):
        try:
            return self.up_log.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""

    def logs(self):
        """up's output and the tails of the service and PostgreSQL logs, for a failure."""
        parts = ["---- deploy/local/up output ----", self.output().rstrip()]
        for log in (self.local_dir / "logs/ingest-service.log",
                    self.local_dir / "logs/stats-service.log",
                    self.local_dir / "postgres/postgres.log"):
            if log.exists():
                tail = log.read_text(encoding="utf-8", errors="replace").splitlines()[-60:]
                parts += [f"---- {log.name} (last {len(tail)} lines) ----"] + tail
        return "\n".join(parts)

    def stop(self):
        """SIGTERM to up, which stops what it started; then make sure nothing is left."""
        if self.process is None:
            return
        for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):  # no second interruption
            signal.signal(sig, signal.SIG_IGN)
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=STOP_TIMEOUT_SECONDS)
            except subprocess.TimeoutExpired:
                print(f"docs_commands: deploy/local/up did not stop within {STOP_TIMEOUT_SECONDS} s"
                      " of SIGTERM; killing its process group", flush=True)
        # The services (and anything else up left) are in up's process group.
        kill_group(self.process.pid, signal.SIGKILL)
        if self.process.poll() is None:
            self.process.wait()
        self.stop_postgres()

    def stop_postgres(self):
        """pg_ctl starts the postmaster in a session of its own, out of up's group: stop it by
        its pid file if up could not."""
        pid_file = self.local_dir / "postgres/data/postmaster.pid"
        try:
            pid = int(pid_file.read_text().split("\n")[0])
        except (OSError, ValueError):
            return
        for sig, wait in ((signal.SIGINT, 20), (signal.SIGQUIT, 10), (signal.SIGKILL, 10)):
            if not process_alive(pid):
                return
            try:
                os.kill(pid, sig)
            except ProcessLookupError:
                return
            deadline = time.monotonic() + wait
            while process_alive(pid) and time.monotonic() < deadline:
                time.sleep(0.1)
        if process_alive(pid):
            print(f"docs_commands: PostgreSQL (pid {pid}) would not stop", flush=True)


def working_copy(root, build_dir, scratch):
    """A copy of the checkout to run the blocks in: build/ is BUILD_DIR, .foi-local/tools is the
    checkout's (buf), and nothing a block writes reaches the checkout."""
    copy = scratch / "checkout"

    def ignore(folder, names):
        skipped = {n for n in names if n in ("node_modules", "__pycache__")}
        if pathlib.Path(folder) == root:
            skipped |= {n for n in names if n in (".git", ".foi-local") or n.startswith("build")
                        or root / n == build_dir}
        return skipped

    shutil.copytree(root, copy, symlinks=True, ignore=ignore)
    (copy / "build").symlink_to(build_dir, target_is_directory=True)
    (copy / ".foi-local").mkdir()
    (copy / ".foi-local/tools").symlink_to(root / ".foi-local/tools", target_is_directory=True)
    return copy


def sample_force_ids(root):
    ids = set()
    for sample in (root / "deploy/local/sample-returns").glob("*.json"):
        force_id = json.loads(sample.read_text(encoding="utf-8")).get("force_id")
        if force_id:
            ids.add(force_id)
    return ids


def substitution(replacements):
    def substitute(text):
        for documented, actual in replacements:
            text = text.replace(documented, actual)
        return text
    return substitute


def run_against_stack(root, build_dir, keep=False):
    started = time.monotonic()
    docs = documents_of(root)
    problems = []
    for doc in docs:  # before anything starts: a malformed marker is the documents' fault
        problems += parse_document(doc, os.path.relpath(doc, root))[1]
    if problems:
        print("\n".join(problems))
        return 1
    buf = root / ".foi-local/tools/node_modules/.bin/buf"
    scratch = pathlib.Path(tempfile.mkdtemp(prefix="foi-docs-commands."))
    stack = Stack(root, build_dir, scratch)
    tally = Tally()
    try:
        print(f"docs_commands: starting deploy/local/up (FOI_LOCAL_DIR={stack.local_dir}, ports "
              f"{stack.ingest_port} and {stack.stats_port})", flush=True)
        failure = stack.start()
        if failure:
            print(f"docs_commands: {failure}\n{stack.logs()}")
            return 1
        print(f"docs_commands: up after {time.monotonic() - started:.0f} s", flush=True)
        if not (buf.is_file() and os.access(buf, os.X_OK)):
            print(f"docs_commands: {buf} is missing, and the documents call it: run "
                  "deploy/install-tools (deploy/local/up tried and failed)")
            return 1
        replacements = [
            ("127.0.0.1:50051", f"127.0.0.1:{stack.ingest_port}"),
            ("127.0.0.1:50052", f"127.0.0.1:{stack.stats_port}"),
            (".foi-local/admin.key", str(stack.local_dir / "admin.key")),
        ]
        if stack.pg_port:
            replacements.append(("127.0.0.1:5432/", f"127.0.0.1:{stack.pg_port}/"))
        env = clean_environment()
        env.update(FOI_INGEST_ADDRESS=f"127.0.0.1:{stack.ingest_port}",
                   FOI_STATS_ADDRESS=f"127.0.0.1:{stack.stats_port}")
        workdir = working_copy(root, build_dir, scratch)
        problems = run_documents(root, docs, workdir, env, substitution(replacements), scratch,
                                 sample_force_ids(root), tally, started + TOTAL_SECONDS)
        if problems:
            print("\n".join(problems))
            print(stack.logs())
    finally:
        stack.stop()
        if keep:
            print(f"docs_commands: kept {scratch} (scripts, transcripts, logs, the cluster)")
        else:
            shutil.rmtree(scratch, ignore_errors=True)
    print(summary(tally, len(docs), time.monotonic() - started))
    return 1 if problems else 0


def summary(tally, documents, seconds):
    lines = [f"docs_commands: {documents} documents: {tally.run} shell blocks run "
             f"({len(tally.failed_as_expected)} of them failed as expected), output of "
             f"{tally.outputs_checked} checked ({tally.lines_checked} lines), "
             f"{len(tally.skipped)} not run, in {seconds:.0f} s"]
    for where, status, first in tally.failed_as_expected:
        lines.append(f"  failed as expected: {where}: exit status {status}: {first}")
    for where, reason in tally.skipped:
        lines.append(f"  not run: {where}: {reason}")
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# Self-test: small documents, no stack.

SELF_TEST_GOOD = """# Good

```sh
GREETING=hello
echo "$GREETING" > written.txt
```

Later blocks see earlier ones' variables, and the documented address is replaced:

```sh
test "$GREETING" = hello
test "$(echo 127.0.0.1:50051)" = 127.0.0.1:7
```

```sh
echo "lancashire   220   177   80.5%"
echo "data version 1"
```

```
lancashire   220   177   80.5%
data version 999
```

<!-- expect failure -->
```sh
test "$GREETING" = goodbye
```

<!-- not run: would fail -->
```sh
exit 3
```
"""

SELF_TEST_SECOND = """# Second file

Its own shell: the first file's variables are gone.

```bash
test -z "${GREETING:-}"
test -f written.txt
```
"""

SELF_TEST_BROKEN = """# Broken

```sh
echo first
```

```sh
true
no-such-command-anywhere --flag
```

```sh
echo never reached
```
"""

SELF_TEST_SUCCEEDS = """# Expected failure that succeeds

<!-- expect failure -->
```sh
true
```
"""

SELF_TEST_WRONG_OUTPUT = """# Output that drifted

```sh
printf 'force reports\\nlancashire 220 176 80.0%%\\n'
```

```text
force reports
lancashire 220 177 80.5%
```
"""

SELF_TEST_BAD_MARKERS = """# Markers out of place

<!-- not run: a reason -->
Prose instead of a block.

<!-- expect failure -->
```
not a shell block
```

<!-- not run -->
```sh
true
```

<!-- expect failure -->
```sh
false
false
```
"""


def self_test():
    failures = []
    with tempfile.TemporaryDirectory() as scratch_name:
        scratch = pathlib.Path(scratch_name)
        root = scratch / "repo"
        (root / "docs").mkdir(parents=True)
        work = scratch / "work"
        work.mkdir()
        env = clean_environment()
        substitute = substitution([("127.0.0.1:50051", "127.0.0.1:7")])

        def run(files):
            for old in [root / "README.md"] + list((root / "docs").glob("*.md")):
                old.unlink(missing_ok=True)
            for name, text in files.items():
                (root / name).write_text(text, encoding="utf-8")
            tally = Tally()
            found = run_documents(root, documents_of(root), work, env, substitute, scratch,
                                  {"lancashire"}, tally)
            return "\n".join(found), tally

        found, tally = run({"README.md": SELF_TEST_GOOD, "docs/second.md": SELF_TEST_SECOND})
        if found:
            failures.append("good documents were refused:\n" + found)
        elif (tally.run, len(tally.failed_as_expected), len(tally.skipped),
              tally.lines_checked) != (5, 1, 1, 1):
            failures.append(f"good documents: run {tally.run}, failed as expected "
                            f"{len(tally.failed_as_expected)}, skipped {len(tally.skipped)}, output "
                            f"lines checked {tally.lines_checked}; expected 5, 1, 1, 1")

        cases = [
            ({"README.md": SELF_TEST_BROKEN},
             ["README.md:7: failed with exit status 127, at or near README.md:9",
              "1 later block(s) not reached: README.md:12"]),
            ({"README.md": "# Fine\n", "docs/a.md": SELF_TEST_SUCCEEDS},
             ["docs/a.md:4: succeeded, but it is marked '<!-- expect failure -->'"]),
            ({"README.md": SELF_TEST_WRONG_OUTPUT},
             ["README.md:9: the output shown for README.md:3 has", "lancashire 220 176 80.0%"]),
            ({"README.md": SELF_TEST_BAD_MARKERS},
             ["README.md:3: marker '<!-- not run: a reason -->' is not followed by a shell block",
              "README.md:6: marker '<!-- expect failure -->' is followed by a ``` block",
              "README.md:11: '<!-- not run -->' needs a reason",
              "README.md:17: a block marked '<!-- expect failure -->' must hold exactly one"]),
        ]
        for files, expected in cases:
            found, _ = run(files)
            for message in expected:
                if message not in found:
                    failures.append(f"{', '.join(files)}: expected '{message}' among the "
                                    f"problems, got:\n{found or '(none)'}")
    return failures


def main(argv):
    if argv[1:] == ["--self-test"]:
        failures = self_test()
        print("\n".join(failures) if failures else "run_documented_commands: self-test passed")
        return 1 if failures else 0
    keep = "--keep" in argv[1:]
    argv = [a for a in argv if a != "--keep"]
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    failures = self_test()
    if failures:
        print("run_documented_commands: the runner itself is broken:\n" + "\n".join(failures))
        return 1
    # ctest stops a test that runs too long; SIGTERM or SIGINT still clean up the stack.
    def interrupted(signum, _frame):
        raise KeyboardInterrupt(f"signal {signum}")
    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(sig, interrupted)
    root = pathlib.Path(argv[1]).resolve()
    build_dir = pathlib.Path(argv[2]).resolve()
    try:
        return run_against_stack(root, build_dir, keep)
    except KeyboardInterrupt as stop:
        print(f"docs_commands: interrupted ({stop}); the stack was stopped")
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
