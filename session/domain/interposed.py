"""Interposed questions: a short question put to the speaker mid-statement, and the speaker's answer.

The chair takes the question; the speaker's clock pauses while it is put and answered, then
runs on from where it stopped. A question lapses when the speaker it was for finishes.

A round-table and panel practice: the plenary takes none unless the chair allows them
(`allow_interposed_questions`); who may put one to whom is `rights`'.
"""

from dataclasses import dataclass, replace
from typing import NotRequired, TypedDict

from .errors import Refused
from .floor import end_current
from .procedure import Command, Directory
from .rights import interposed_questions_allowed, interposed_questions_off
from .roles import PRESIDING
from .rules import INTERPOSED, no_interposition, queued
from .state import RequestType, RoomState, Suspended


def interposition_refusal(state: RoomState, participant: str) -> Refused | None:
    """Why `participant` may not put an interposed question now; None if it may."""
    if not interposed_questions_allowed(state):
        return interposed_questions_off()
    if state.current is None or state.current.type in INTERPOSED:
        return Refused("no_current_speaker", "An interposed question is put to a speaker who has the floor.")
    if state.current.type is RequestType.POINT_OF_ORDER:
        return Refused("invalid_field", "A point of order is ruled on at once: no question is put to it.")
    if state.current.participant == participant:
        return Refused("invalid_field", "A speaker does not put a question to itself.")
    return None


class QuestionTaken(TypedDict):
    entry: int


@dataclass(frozen=True)
class TakeQuestion(Command[QuestionTaken]):
    """Take an interposed question: the speaker's clock pauses while it is put and answered."""

    action = "take_question"
    may = PRESIDING
    entry: int

    def decide(self, state: RoomState, now: float, directory: Directory) -> QuestionTaken:
        question = queued(state, self.entry)
        if question.type is not RequestType.INTERPOSED_QUESTION:
            raise Refused("invalid_field", f"Entry {self.entry} is not an interposed question.")
        no_interposition(state)
        if state.current is None or state.current.entry != question.links_to:
            raise Refused("no_current_speaker", "That question was for a speaker who no longer has the floor.")
        return {"entry": question.entry}

    @classmethod
    def apply(cls, state: RoomState, facts: QuestionTaken, at: float) -> None:
        question = state.find(facts["entry"])
        assert question is not None and state.current is not None and state.current_started_at is not None
        state.suspended.append(Suspended(state.current, state.current_started_at, state.timer.pause(at)))
        state.queue.remove(question)
        state.current = question
        state.current_started_at = at
        state.timer = state.timer.start(at, question.time_limit_s)


class QuestionAnswered(TypedDict):
    entry: int  # the answer's own entry
    time_limit_s: NotRequired[int]  # absent from older logs: the room's limit then


@dataclass(frozen=True)
class AnswerQuestion(Command[QuestionAnswered]):
    """The question has been put: the speaker answers it, on a short clock of its own."""

    action = "answer_question"
    may = PRESIDING

    def decide(self, state: RoomState, now: float, directory: Directory) -> QuestionAnswered:
        if state.current is None or state.current.type is not RequestType.INTERPOSED_QUESTION:
            raise Refused("no_question", "No interposed question is being put.")
        return {"entry": state.last_entry + 1, "time_limit_s": state.rules.interposed_s}

    @classmethod
    def apply(cls, state: RoomState, facts: QuestionAnswered, at: float) -> None:
        question = state.current
        assert question is not None
        speaker = state.suspended[-1].request
        end_current(state, at)
        state.last_entry = facts["entry"]
        limit = facts.get("time_limit_s", state.rules.interposed_s)
        state.current = replace(
            speaker,
            entry=facts["entry"],
            type=RequestType.ANSWER,
            requested_at=at,
            time_limit_s=limit,
            links_to=question.entry,
            flag="",  # the chair's flag was on the speaker's own request, not on the answer
        )
        state.current_started_at = at
        state.timer = state.timer.start(at, limit)


class InterposedQuestionsSet(TypedDict):
    on: bool


@dataclass(frozen=True)
class AllowInterposedQuestions(Command[InterposedQuestionsSet]):
    """The chair's switch: whether this room takes interposed questions (the plenary, by default, does not)."""

    action = "allow_interposed_questions"
    may = PRESIDING
    on: bool

    def decide(self, state: RoomState, now: float, directory: Directory) -> InterposedQuestionsSet:
        if interposed_questions_allowed(state) is self.on:
            raise Refused("no_change", "Interposed questions are already " + ("allowed." if self.on else "not taken."))
        return {"on": self.on}

    @classmethod
    def apply(cls, state: RoomState, facts: InterposedQuestionsSet, at: float) -> None:
        state.interposed_questions = facts["on"]
