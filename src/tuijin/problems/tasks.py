"""Background tasks of the problem workflow: e-mail for notifications when an SMTP host is configured."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django_tasks import task

from tuijin.core.tasks import audited


@task()
@audited
def send_notification_emails(notification_ids: list[int]) -> int:
    """Send each notification to its recipient's e-mail address (those without one are skipped); returns how many
    were sent. Marked ``emailed`` so a re-run does not send twice."""
    from tuijin.problems.models import Notification

    sent = 0
    rows = Notification.objects.filter(pk__in=notification_ids, emailed=False).select_related("user", "problem")
    for notification in rows:
        if not notification.user.email:
            continue
        url = f"{settings.TUIJIN_SITE_URL.rstrip('/')}{notification.get_absolute_url()}"
        send_mail(
            subject=f"【推进】{notification.get_kind_display()}：{notification.message}"[:200],
            message=f"{notification.message}\n\n{url}",
            from_email=None,
            recipient_list=[notification.user.email],
        )
        notification.emailed = True
        notification.save(update_fields=["emailed"])
        sent += 1
    return sent
