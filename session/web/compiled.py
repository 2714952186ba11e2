"""Templates compiled once per process, however many apps it builds.

An app compiles every template at start-up (so the first push of the day does not); a process
that builds several apps — the test suite starts hundreds of servers — would compile them again
each time, about two seconds on a small machine. Jinja's bytecode cache keeps the compiled code,
keyed by the template's file and checked against its source, so a changed template is compiled
afresh. Every app of a process configures its environment alike, which sharing requires.
"""

from jinja2 import BytecodeCache
from jinja2.bccache import Bucket


class CompiledInProcess(BytecodeCache):
    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


COMPILED = CompiledInProcess()
