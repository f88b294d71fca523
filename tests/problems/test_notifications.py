"""Notifications and reminders: who is told what, once per deadline; e-mail only when SMTP is configured."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings

from tuijin.core.models import Unit, User
from tuijin.problems.choices import NotificationKind
from tuijin.problems.models import Notification, Problem
from tuijin.problems.reminders import remind

pytestmark = pytest.mark.django_db
D = datetime.date


def kinds(user: User) -> list[str]:
    return sorted(Notification.objects.visible_to(user).values_list("kind", flat=True))


def test_reminders_once_per_deadline(
    assigned: Problem, handler_land: User, handler_power: User, dispatcher_qz: User
) -> None:
    assert remind(D(2026, 2, 26)).due_soon == 0  # 3 working days left
    assert remind(D(2026, 2, 27)).due_soon == 2  # lead and helper unit
    assert remind(D(2026, 2, 27)).due_soon == 0  # already told
    result = remind(D(2026, 3, 3))
    assert (result.due_soon, result.overdue) == (0, 2)  # lead unit and the dispatcher
    assert kinds(handler_land) == [NotificationKind.ASSIGNED, NotificationKind.DUE_SOON, NotificationKind.OVERDUE]
    assert kinds(handler_power) == [NotificationKind.ASSIGNED, NotificationKind.DUE_SOON]
    assert NotificationKind.OVERDUE in kinds(dispatcher_qz)
    assert remind(D(2026, 3, 4)).overdue == 0


def test_notifications_are_private(assigned: Problem, handler_land: User, handler_power: User) -> None:
    mine = Notification.objects.visible_to(handler_land)
    assert mine.count() == 1
    assert not mine.filter(user=handler_power).exists()
    assert not Notification.objects.visible_to(None).exists()


def test_the_command_reports_what_it_sent(assigned: Problem, capsys: pytest.CaptureFixture[str]) -> None:
    call_command("problems", "remind", "--date", "2026-03-03")
    assert "已逾期（督办） 2 条" in capsys.readouterr().out


@override_settings(
    EMAIL_HOST="smtp.example.org",
    EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
    TASKS={"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}},
)
def test_email_is_sent_when_smtp_is_configured(
    make_problem: Callable[..., Problem],
    dispatcher_qz: User,
    land_bureau: Unit,
    make_user: Callable[..., User],
    django_capture_on_commit_callbacks: Callable[..., object],
) -> None:
    make_user("mailed", "handler", "350582", unit=land_bureau, email="wu@example.org")
    make_user("unmailed", "handler", "350582", unit=land_bureau)
    problem = make_problem()
    with django_capture_on_commit_callbacks(execute=True):
        problem.assign(dispatcher_qz, land_bureau, on=D(2026, 2, 13))
    assert [message.to for message in mail.outbox] == [["wu@example.org"]]
    assert "新交办" in mail.outbox[0].subject and f"/problems/{problem.pk}/" in mail.outbox[0].body
    assert Notification.objects.filter(emailed=True).count() == 1


def test_no_email_without_smtp(assigned: Problem) -> None:
    assert mail.outbox == []
