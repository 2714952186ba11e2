"""The live path, as one worker runs it: commands in, "room R is at version N" out.

`rooms.LiveRooms` is what the web ring holds; it puts together the `command_path` (every action,
batched and decided on the committed log, one transaction a batch), the `pushes` (paced, the
gallery first) and the `log_follower` (announcements from other workers, catch-up, the periodic version
and revocation checks). Each socket is a `connection` with its own writer, and `frames` writes
one encoded frame to every socket that can take it. `limits` are the flood limits every command
meets; `broadcast*` the pub/sub between workers (memory, Redis, PostgreSQL); `revocations` tells
every worker which codes to close.
"""
