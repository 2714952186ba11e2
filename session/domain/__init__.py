"""The rules of procedure, pure: state, commands, events, ordering and the timer.

Nothing here reads a clock, touches a database or imports a framework: time is passed in,
and every decision is a function of the state it was made against.
"""
