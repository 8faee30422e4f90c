"""Runs every `Example:` block of the Python reference (amdsmi-python-api.md, path as the first
argument) through AMD's amdsmi 7.0.2 package on the library ROCM_PATH/lib/libamd_smi.so, on the
machine under AMDSMI_ROOT, and prints one JSON document: a list with, per example, its function
(the `###` section it sits in), its index within that section, and what happened:

* `"ran"`: it finished; `stdout` is what it printed, `amdsmi_exceptions` every AmdSmiException
  the package built while it ran (the examples catch and print them, so they are recorded where
  they are made): `"AmdSmiLibraryException:<status number>"` or the exception's class name;
* `"raised"`: an exception escaped it (`exception`: class name and message);
* `"not runnable"`: its re-indented text does not compile (`exception`: the SyntaxError).

Run by crates/amdsmi-capi/tests/it/python.rs.

The reference's code blocks lost their layout: no indentation, and every token separated by one
space, string literals included (`" processor_type "`, `f " ... "`). The text is rebuilt by these
mechanical rules, nothing else is changed:

1. Indentation. Blank lines are dropped; comments and statements sit at the current depth. A line
   whose code (string literals and the trailing comment aside) ends in `:` opens a block: the
   lines after it are one level deeper. `except` / `finally` close blocks up to the innermost
   `try` (or `except`) and take its depth, `elif` up to the innermost `if` / `elif`, `else` up
   to the innermost `if` / `elif` / `for` / `while` / `try` / `except`; each of them opens a block
   in turn. A line after `continue`, `break`, `return` or `raise` closes the innermost block
   (anything after them in the same block could never run). While a bracket is open, lines are
   continuation lines (one level deeper, no block rules). Consequence: a ladder of consecutive
   `if x == A:` / `if x == B:` comes out nested, which changes which of their prints fire, never
   which library functions are called; and the ras_feature_info example's last line, a call of
   the function it defines, falls inside that definition (the example only defines it).
2. String literals. A string prefix separated from its quote (`f "`, `b '`) is joined to it (a
   name followed by a string is never valid Python), and the one space after the opening quote
   and before the closing quote is removed (`" processor_type "` -> `"processor_type"`), inside
   f-strings' nested literals too.

Each example runs in a fresh namespace holding `from amdsmi import *`, the `amdsmi_*` functions
of `amdsmi_interface` the package's top level does not export (amdsmi_get_soc_pstate,
amdsmi_get_xgmi_plpd, amdsmi_get_gpu_process_isolation, amdsmi_get_afids_from_cper, ...: the
examples call them bare), `amdsmi_interface` and `ctypes` (named by examples without an
import), and, for the names some examples use without
defining them, the first GPU of `amdsmi_get_processor_handles()` as `processor_handle`, `device`
and `dev`, `args.gpu` and an empty `throttle_status` dict (the violation-status example is cut
from amd-smi's CLI code), and `severity_mask = 0xFFFFFFFF`, `buffer_size = 1048576`,
`initial_cursor = 0` (the CPER example's parameters). An example that calls `amdsmi_init` itself
runs without the harness's init (and without those handle names); any other runs between
`amdsmi_init(<flags: second argument>)` and `amdsmi_shut_down()`, with the machine selected:
a BDF literal is replaced by the BDF of the machine's first GPU (`select_machine`). After each example the
library is shut down until a call reports NOT_INIT, so the next one starts clean.
"""
import contextlib
import ctypes
import io
import json
import re
import sys
import types

import amdsmi
from amdsmi import AmdSmiInitFlags, amdsmi_exception, amdsmi_interface

# A string literal (with any prefix, possibly separated from its quote by one space) or a comment.
LEXEME = re.compile(r"""(?P<string>(?<![\w.])(?P<prefix>[bBrRuUfF]{1,2} ?)?(?P<quoted>"[^"]*"|'[^']*'))|(?P<comment>#.*)""")
CLOSERS = {
    "except": {"try", "except"},
    "finally": {"try", "except", "else"},
    "elif": {"if", "elif"},
    "else": {"if", "elif", "for", "while", "try", "except"},
}
BDF_LITERAL = re.compile(r'"[0-9a-fA-F]{4}:[0-9a-fA-F]{2}[:.][0-9a-fA-F]{2}\.[0-7]"')
ENDS_BLOCK = {"continue", "break", "return", "raise"}


def examples(markdown):
    """(function, index, lines) of every ```python block, under the `###` heading it follows."""
    found, name, block = [], None, None
    counts = {}
    for line in markdown.splitlines():
        if block is not None:
            if line.startswith("```"):
                counts[name] = counts.get(name, 0) + 1
                found.append((name, counts[name] - 1, block))
                block = None
            else:
                block.append(line)
        elif line.startswith("### "):
            name = line[4:].split()[0]
        elif line.startswith("``` python") or line.startswith("```python"):
            block = []
    return found


def fix_strings(text):
    """Rule 2 on `text` (a line of code); comments are kept as they are."""

    def literal(m):
        if m.group("comment"):
            return m.group("comment")
        prefix = (m.group("prefix") or "").replace(" ", "")
        quoted = m.group("quoted")
        quote, body = quoted[0], quoted[1:-1]
        if len(body) >= 2 and body.startswith(" ") and body.endswith(" "):
            body = body[1:-1]
        if "f" in prefix.lower():
            body = fix_strings(body)
        return prefix + quote + body + quote

    return LEXEME.sub(literal, text)


def code_of(line):
    """The line without its string literals' contents and its comment."""
    return LEXEME.sub(lambda m: "" if m.group("comment") else '""', line).strip()


def reindent(lines):
    """Rule 1: the block's lines as indented Python source."""
    out, stack, depth, brackets, close_next = [], [], 0, 0, False
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        code = code_of(line)
        if brackets > 0:
            out.append("    " * (depth + 1) + line)
            brackets += sum(code.count(c) for c in "([{") - sum(code.count(c) for c in ")]}")
            continue
        if close_next and stack and code:
            depth = stack.pop()[1]
        close_next = False
        keyword = re.split(r"[\s:(]", code, maxsplit=1)[0] if code else ""
        if keyword in CLOSERS:
            while stack and stack[-1][0] not in CLOSERS[keyword]:
                stack.pop()
            if stack:
                depth = stack.pop()[1]
        out.append("    " * depth + line)
        brackets = sum(code.count(c) for c in "([{") - sum(code.count(c) for c in ")]}")
        if code.endswith(":") and brackets == 0:
            stack.append((keyword, depth))
            depth += 1
        elif keyword in ENDS_BLOCK:
            close_next = True
    return "\n".join(fix_strings(line) for line in out) + "\n"


class Recorder:
    """Every AmdSmiException the package builds, as `Class[:status]`."""

    def __init__(self):
        self.made = []
        recorder = self
        base_init = amdsmi_exception.AmdSmiException.__init__

        def record(exc, *args, **kwargs):
            base_init(exc, *args, **kwargs)
            recorder.made.append(exc)

        amdsmi_exception.AmdSmiException.__init__ = record

    def take(self):
        names = []
        for exc in self.made:
            if isinstance(exc, amdsmi.AmdSmiLibraryException):
                names.append("AmdSmiLibraryException:%d" % exc.get_error_code())
            else:
                names.append(type(exc).__name__)
        self.made = []
        return names


def namespace(with_handles):
    ns = {}
    exec("from amdsmi import *", ns)
    for name in dir(amdsmi_interface):
        if name.startswith("amdsmi_") and name not in ns:
            ns[name] = getattr(amdsmi_interface, name)
    ns.update(amdsmi_interface=amdsmi_interface, ctypes=ctypes)
    ns.update(severity_mask=0xFFFFFFFF, buffer_size=1048576, initial_cursor=0)
    if with_handles:
        gpus = amdsmi.amdsmi_get_processor_handles()
        first = gpus[0] if gpus else None
        ns.update(processor_handle=first, device=first, dev=first)
        ns.update(args=types.SimpleNamespace(gpu=first), throttle_status={})
    return ns


def select_machine(source):
    """The machine selection: a BDF literal of the reference (`"0000:23:00.0"`, once misspelt
    `"0000:23.00.0"`) becomes the BDF of the machine's first GPU, when it has one."""
    gpus = amdsmi.amdsmi_get_processor_handles()
    if not gpus:
        return source
    bdf = amdsmi.amdsmi_get_gpu_device_bdf(gpus[0])
    return BDF_LITERAL.sub('"%s"' % bdf, source)


def shut_down_fully():
    """Shuts down until the library is not initialized (a shut-down then is a no-op SUCCESS, so
    `amdsmi_get_socket_handles` raising NOT_INIT is the test)."""
    while True:
        try:
            amdsmi.amdsmi_get_socket_handles()
        except amdsmi.AmdSmiLibraryException:
            return
        amdsmi.amdsmi_shut_down()


def run(name, index, lines, flags, recorder):
    source = reindent(lines)
    entry = {"function": name, "index": index, "source": source}
    try:
        code = compile(source, "%s[%d]" % (name, index), "exec")
    except SyntaxError as e:
        entry.update(status="not runnable", exception="SyntaxError: %s (line %s)" % (e.msg, e.lineno))
        return entry
    own_init = re.search(r"\bamdsmi_init\b", source) is not None
    stdout = io.StringIO()
    try:
        if not own_init:
            amdsmi.amdsmi_init(flags)
            source = select_machine(source)
            entry["source"] = source
            code = compile(source, "%s[%d]" % (name, index), "exec")
        ns = namespace(not own_init)
        recorder.take()
        with contextlib.redirect_stdout(stdout):
            exec(code, ns)
        entry["status"] = "ran"
    except BaseException as e:  # SystemExit too: one example calls exit()
        entry.update(status="raised", exception="%s: %s" % (type(e).__name__, e))
    finally:
        entry["amdsmi_exceptions"] = recorder.take()
        entry["stdout"] = stdout.getvalue()
        shut_down_fully()
    return entry


def main():
    with open(sys.argv[1]) as f:
        markdown = f.read()
    flags = AmdSmiInitFlags[sys.argv[2]] if len(sys.argv) > 2 else AmdSmiInitFlags.INIT_AMD_GPUS
    only = set(sys.argv[3:])
    recorder = Recorder()
    out = [
        run(name, index, lines, flags, recorder)
        for name, index, lines in examples(markdown)
        if not only or name in only
    ]
    json.dump(out, sys.stdout, indent=1)


if __name__ == "__main__":
    main()
