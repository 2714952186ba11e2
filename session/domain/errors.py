"""Why a command is refused: a stable code for machines and a sentence for people."""


class Refused(Exception):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


class RefusedTogether(Refused):
    """Commands that land together or not at all (a list imported from a file), refused: each one
    refused, by its place among them (0-based), with why. None of them has been applied."""

    def __init__(self, refusals: list[tuple[int, Refused]]):
        shown = "; ".join(f"#{i + 1}: {r.message}" for i, r in refusals[:20])
        more = f" (and {len(refusals) - 20} more)" if len(refusals) > 20 else ""
        super().__init__("refused_together", f"Nothing was applied. {shown}{more}")
        self.refusals = refusals
