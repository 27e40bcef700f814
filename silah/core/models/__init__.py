from silah.core.models.calendar import CalendarSettings, Holiday, HolidayChange
from silah.core.models.clock import Clock, ClockEvent, ClockPause
from silah.core.models.references import ReferenceSequence
from silah.core.models.worker import ScheduledRun, WorkerPing

__all__ = [
    "CalendarSettings",
    "Clock",
    "ClockEvent",
    "ClockPause",
    "Holiday",
    "HolidayChange",
    "ReferenceSequence",
    "ScheduledRun",
    "WorkerPing",
]
