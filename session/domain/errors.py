"""Why a command is refused: a stable code for machines and a sentence for people."""


class Refused(Exception):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message
