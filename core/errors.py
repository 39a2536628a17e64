"""The one base class of the errors a domain raises when a step is not allowed.

Services raise a subclass (`WorkflowError`, `DisclosureStateError`,
`ReportPublishError`, …) whose `message` is fit to show the person who asked;
views, admin actions, imports and commands catch it and show that message
instead of a 500.
"""


class DomainError(Exception):
    """A step the current state of a record does not allow, with a message for people."""

    def __init__(self, message, **context):
        self.message = str(message)
        # The record concerned, by the keyword the subclass uses (disclosure=, report=, …).
        for name, value in context.items():
            setattr(self, name, value)
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message
