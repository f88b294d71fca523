"""Pages of site inspections (督查): recording with real photos (and the refusal of anything else, with nothing
saved), the list, its export, the card with the problems raised on site, the photo itself, deletion with the files,
and the weekly coverage per district with numbers built by hand — each within the user's scope."""

from __future__ import annotations

import datetime
import io
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from PIL import Image

from tests.problems.helpers import page
from tuijin.core.models import Region, User
from tuijin.problems.models import Inspection, InspectionPhoto, Problem, ProblemSettings
from tuijin.projects.choices import Category, Stage
from tuijin.projects.models import Project

D = datetime.date
STARTED = D(2026, 3, 1)
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


# ---- builders -------------------------------------------------------------------------------------------------------


def image_bytes(fmt: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 6), (200, 40, 40)).save(buffer, fmt)
    return buffer.getvalue()


PNG, JPEG = image_bytes("PNG"), image_bytes("JPEG")


def building(name: str, code: str = "350582", started: datetime.date = STARTED) -> Project:
    """A project under construction (在建) since ``started``."""
    project = Project(name=name, region=Region.objects.get(code=code), category=Category.INDUSTRY)
    project.total_investment = Decimal("10000")
    project.full_clean()
    project.save()
    project.enter(Stage.CONSTRUCTION, started)
    return project


def inspect(project: Project, on: datetime.date, **fields: Any) -> Inspection:
    fields.setdefault("inspectors", "陈调度、李督查")
    fields.setdefault("findings", "现场施工正常。")
    inspection = Inspection(project=project, on=on, **fields)
    inspection.full_clean()
    inspection.save()
    return inspection


def inspection_form(project: Project, **changes: Any) -> dict[str, Any]:
    data = {
        "on": "2026-11-17",
        "project": project.pk,
        "inspectors": "陈调度、李督查",
        "findings": "主体结构施工至三层，现场约80人。",
        "workers_seen": "80",
        "reason": "",
    }
    data.update(changes)
    return data


def cell(html: str, row: Any, col: str) -> str:
    block = re.search(rf'<tr[^>]*data-row="{row}"[^>]*>(.*?)</tr>', html, re.S)
    assert block, row
    match = re.search(rf'data-col="{col}"[^>]*>(?:<a [^>]*>)?([^<]*)<', block.group(1))
    assert match, (row, col)
    return match.group(1).strip()


def stored_photos() -> list[str]:
    folder = "inspections/"
    if not default_storage.exists(folder):
        return []
    found = []
    for year in default_storage.listdir(folder)[0]:
        for month in default_storage.listdir(f"{folder}{year}")[0]:
            found += default_storage.listdir(f"{folder}{year}/{month}")[1]
    return found


def sheets(response: Any) -> dict[str, list[tuple]]:
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(
        io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content)
    )
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in workbook.worksheets}


@pytest.fixture
def site(regions: dict[str, Region]) -> Project:
    return building("晋江高端纺织产业园")


# ---- recording with photos ------------------------------------------------------------------------------------------


def test_it_records_an_inspection_with_png_and_jpeg_photos(client: Client, dispatcher_qz: User, site: Project) -> None:
    client.force_login(dispatcher_qz)
    create = f"{reverse('problems:inspection_create')}?project={site.pk}"
    response = client.get(create)
    assert response.context["form"].initial["project"] == site.pk
    assert 'enctype="multipart/form-data"' in response.content.decode()
    photos = [SimpleUploadedFile("现场全景.png", PNG), SimpleUploadedFile("塔吊.JPG", JPEG)]
    response = client.post(create, {**inspection_form(site), "photos": photos})
    assert response.status_code == 302, response.content.decode()
    inspection = Inspection.objects.get()
    assert response["Location"] == inspection.get_absolute_url()
    assert (inspection.recorded_by, inspection.workers_seen, inspection.on) == (dispatcher_qz, 80, D(2026, 11, 17))
    rows = list(inspection.photos.values_list("name", "content_type", "size"))
    assert rows == [("现场全景.png", "image/png", len(PNG)), ("塔吊.JPG", "image/jpeg", len(JPEG))]

    html = page(client, inspection.get_absolute_url())
    assert "2026年11月17日" in html and "陈调度" in html and "现场照片（2）" in html
    for photo in inspection.photos.all():
        assert f'<img src="{photo.get_absolute_url()}"' in html
    response = client.get(inspection.photos.first().get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png" and response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("inline")
    assert b"".join(response.streaming_content) == PNG

    # Editing adds photos; the reason is asked for.
    edit = reverse("problems:inspection_edit", args=[inspection.pk])
    data = {
        **inspection_form(site, version=inspection.version, reason="补充照片"),
        "photos": [SimpleUploadedFile("a.png", PNG)],
    }
    assert client.post(edit, data).status_code == 302
    assert inspection.photos.count() == 3
    assert "补充照片" in page(client, inspection.get_absolute_url() + "?tab=history")


@pytest.mark.parametrize(
    ("uploads", "message"),
    [
        (
            lambda: [SimpleUploadedFile("现场.pdf", PDF)],
            "文件“现场.pdf”的内容不是允许的类型（PNG图片、JPEG图片、GIF图片、WebP图片）。",
        ),
        (lambda: [SimpleUploadedFile("现场.pdf", PNG)], "扩展名与内容不符"),
        (
            lambda: [SimpleUploadedFile("好的.png", PNG), SimpleUploadedFile("大图.png", PNG + b"\0" * (1024 * 1024))],
            "文件“大图.png”大小为1.0 MB，超过上限1.0 MB。",
        ),
    ],
)
def test_it_refuses_a_file_that_is_not_an_allowed_photo_and_saves_nothing(
    client: Client, dispatcher_qz: User, site: Project, uploads: Callable[[], list], message: str
) -> None:
    settings = ProblemSettings.current()
    settings.attachment_max_mb = 1
    settings.save()
    client.force_login(dispatcher_qz)
    before = stored_photos()
    response = client.post(reverse("problems:inspection_create"), {**inspection_form(site), "photos": uploads()})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Inspection.objects.exists() and not InspectionPhoto.objects.exists()
    assert stored_photos() == before


def test_only_dispatchers_over_the_project_record_inspections(
    client: Client, reporter_jj: User, leader_qz: User, dispatcher_qz: User, site: Project, fz_project: Project
) -> None:
    for user in (reporter_jj, leader_qz):
        client.force_login(user)
        assert client.get(reverse("problems:inspection_create")).status_code == 404
        assert client.post(reverse("problems:inspection_create"), inspection_form(site)).status_code == 404
    client.force_login(dispatcher_qz)
    assert client.get(f"{reverse('problems:inspection_create')}?project={fz_project.pk}").status_code == 404
    projects = client.get(reverse("problems:inspection_create")).context["form"].fields["project"].queryset
    assert site in projects and fz_project not in projects
    response = client.post(reverse("problems:inspection_create"), inspection_form(fz_project))
    assert response.status_code == 200 and not Inspection.objects.exists()
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    response = client.post(reverse("problems:inspection_create"), inspection_form(site, on=tomorrow))
    assert "日期不能晚于今天。" in response.content.decode() and not Inspection.objects.exists()


# ---- list, export, card ---------------------------------------------------------------------------------------------


def test_it_lists_filters_and_exports_inspections_with_their_counts(
    client: Client, reporter_jj: User, reporter_lc: User, site: Project, make_problem: Callable[..., Problem]
) -> None:
    first = inspect(site, D(2026, 11, 17), workers_seen=80)
    first.attach([SimpleUploadedFile("1.png", PNG), SimpleUploadedFile("2.jpg", JPEG)])
    make_problem(project=site, inspection=first, title="塔吊未验收")
    make_problem(project=site, inspection=first, title="围挡破损")
    second = inspect(site, D(2026, 11, 5), inspectors="王督查", findings="停工待料")
    other = inspect(building("鲤城古城改造", code="350502"), D(2026, 11, 17))
    client.force_login(reporter_jj)
    url = reverse("problems:inspection_list")
    html = page(client, url)
    assert f'data-pk="{first.pk}"' in html and f'data-pk="{second.pk}"' in html and f'data-pk="{other.pk}"' not in html
    row = re.search(rf'<tr[^>]*data-pk="{first.pk}"[^>]*>(.*?)</tr>', html, re.S).group(1)
    numbers = re.findall(r'class="num"[^>]*>([^<]*)<', row)
    assert numbers == ["80", "2", "2"]  # workers, photos, problems
    assert first.get_absolute_url() in row and reverse("dispatch:project_detail", args=[site.pk]) in row
    assert reverse("problems:inspection_coverage") in html

    def pks(**query: Any) -> set[int]:
        return {int(pk) for pk in re.findall(r'<tr[^>]*data-pk="(\d+)"', page(client, url, data=query))}

    assert pks(week="2026-11-20") == {first.pk}  # Friday → the week of Monday 16 November
    assert pks(week="2026-11-08") == {second.pk}  # Sunday → the week of Monday 2 November
    assert pks(on_from="2026-11-01", on_to="2026-11-10") == {second.pk}
    assert pks(q="王督查") == {second.pk} and pks(q="停工") == {second.pk}
    assert pks(region="350582", project=site.pk) == {first.pk, second.pk}
    partial = page(client, url, data={"week": "2026-11-16"}, headers={"HX-Request": "true", "HX-Target": "results"})
    assert "<html" not in partial and "week=2026-11-16" in partial

    rows = sheets(client.get(reverse("problems:inspection_export"), {"week": "2026-11-16"}))["督查记录"]
    assert rows[0][:3] == ("督查日期", "项目代码", "项目名称")
    assert [(row[2], row[6], row[7], row[8]) for row in rows[1:]] == [("晋江高端纺织产业园", 80, 2, 2)]
    client.force_login(reporter_lc)
    assert pks() == {other.pk}
    for target in (first.get_absolute_url(), reverse("problems:inspection_edit", args=[first.pk])):
        assert client.get(target).status_code == 404


def test_the_card_shows_the_problems_raised_on_site(
    client: Client, dispatcher_qz: User, reporter_jj: User, leader_qz: User, site: Project, make_problem: Callable
) -> None:
    inspection = inspect(site, D(2026, 11, 17))
    problem = make_problem(project=site, inspection=inspection, title="塔吊未验收")
    raise_url = f"{reverse('problems:problem_create')}?inspection={inspection.pk}"
    for user in (dispatcher_qz, reporter_jj):
        client.force_login(user)
        html = page(client, inspection.get_absolute_url())
        assert problem.code in html and "塔吊未验收" in html and "提出" in html
        assert f'href="{raise_url}"' in html
    client.force_login(leader_qz)
    html = page(client, inspection.get_absolute_url())
    assert problem.code in html and raise_url not in html
    assert reverse("problems:inspection_edit", args=[inspection.pk]) not in html
    client.force_login(reporter_jj)
    assert reverse("problems:inspection_edit", args=[inspection.pk]) not in page(client, inspection.get_absolute_url())


def test_the_photo_is_shown_only_within_scope(
    client: Client,
    reporter_jj: User,
    reporter_lc: User,
    dispatcher_fz: User,
    handler_lc: User,
    site: Project,
) -> None:
    inspection = inspect(site, D(2026, 11, 17))
    [photo] = inspection.attach([SimpleUploadedFile("现场.png", PNG)])
    url = photo.get_absolute_url()
    assert client.get(url).status_code == 302  # to the sign-in page
    for user in (reporter_lc, dispatcher_fz, handler_lc):
        client.force_login(user)
        assert client.get(url).status_code == 404, user
    client.force_login(reporter_jj)
    assert client.get(url).status_code == 200
    assert client.get(reverse("problems:photo", args=[photo.pk + 1])).status_code == 404


def test_it_deletes_an_inspection_with_its_photos(
    client: Client, dispatcher_qz: User, reporter_jj: User, site: Project, django_capture_on_commit_callbacks: Callable
) -> None:
    inspection = inspect(site, D(2026, 11, 17))
    photos = inspection.attach([SimpleUploadedFile("1.png", PNG), SimpleUploadedFile("2.jpg", JPEG)])
    names = [photo.file.name for photo in photos]
    assert all(default_storage.exists(name) for name in names)
    url = reverse("problems:inspection_delete", args=[inspection.pk])
    client.force_login(reporter_jj)
    assert client.post(url, {"reason": "误录"}).status_code == 404
    client.force_login(dispatcher_qz)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"reason": "重复录入"})
    assert response.status_code == 302 and response["Location"] == reverse("problems:inspection_list")
    assert not Inspection.objects.exists() and not InspectionPhoto.objects.exists()
    assert not any(default_storage.exists(name) for name in names)
    assert Inspection.history.latest("history_id").history_change_reason == "重复录入"


# ---- weekly coverage ------------------------------------------------------------------------------------------------


def test_it_gives_the_weekly_coverage_per_district(
    client: Client,
    dispatcher_qz: User,
    reporter_jj: User,
    project: Project,
    make_problem: Callable[..., Problem],
) -> None:
    """Week of Monday 16 November 2026. 晋江: two projects under construction (A, B) and one in 前期 (the fixture
    project); A inspected twice (one problem raised on site), the 前期 project once → 在建 2, 已督查 1, 50.00%,
    督查 3 次, 问题 1. 鲤城: one project under construction, inspected only the week before → 1, 0, 0.00%, 0, 0.
    泉州市 in total: 3, 1, 33.33%, 3, 1; the week of 9 November: 3, 1, 33.33%, 1, 0."""
    a, _b = building("晋江A项目"), building("晋江B项目")
    lc = building("鲤城C项目", code="350502")
    first = inspect(a, D(2026, 11, 17))
    inspect(a, D(2026, 11, 19))
    inspect(project, D(2026, 11, 18))
    inspect(lc, D(2026, 11, 9))
    inspect(a, D(2026, 10, 18))  # the week of 12 October: before the four weeks of the trend
    make_problem(project=a, inspection=first, title="安全网缺失")
    client.force_login(dispatcher_qz)
    url = reverse("problems:inspection_coverage")
    html = page(client, url, data={"week": "2026-11-18"})
    assert "2026年11月16日—2026年11月22日" in html
    assert [cell(html, "350582", col) for col in ("building", "inspected", "rate", "inspections", "problems")] == [
        "2",
        "1",
        "50.00%",
        "3",
        "1",
    ]
    assert [cell(html, "350502", col) for col in ("building", "inspected", "rate", "inspections", "problems")] == [
        "1",
        "0",
        "0.00%",
        "0",
        "0",
    ]
    assert [cell(html, "350503", col) for col in ("building", "rate")] == ["0", "—"]
    assert [cell(html, "total", col) for col in ("building", "inspected", "rate", "inspections", "problems")] == [
        "3",
        "1",
        "33.33%",
        "3",
        "1",
    ]
    assert 'data-row="350527"' not in html  # 金门县 is not in the statistics
    order = re.findall(r'data-row="(3505\w+)"', html)
    assert order[:3] == ["350502", "350503", "350504"] and order.index("350582") < order.index("350500Z01")
    list_url = reverse("problems:inspection_list")
    assert f"{list_url}?region=350582&amp;week=2026-11-16" in html
    assert f"{reverse('dispatch:project_list')}?region=350582&amp;stage=construction" in html
    trend = html.split('data-testid="coverage-trend"')[1]
    weeks = re.findall(r'<th scope="row">([^<]*)</th>', trend)
    assert weeks == [
        "2026年10月19日—2026年10月25日",
        "2026年10月26日—2026年11月1日",
        "2026年11月2日—2026年11月8日",
        "2026年11月9日—2026年11月15日",
    ]
    assert [cell(trend, 4, col) for col in ("building", "inspected", "rate", "inspections", "problems")] == [
        "3",
        "1",
        "33.33%",
        "1",
        "0",
    ]
    assert cell(trend, 1, "inspections") == "0"

    workbook = sheets(client.get(url, {"week": "2026-11-18", "format": "xlsx"}))
    rows = workbook["分区域"]
    assert rows[0][0] == "泉州市督查覆盖情况（2026年11月16日—2026年11月22日）"
    assert rows[1] == ("区域", "在建项目", "本周已督查项目", "覆盖率", "督查次数", "现场发现问题")
    assert ("晋江市", 2, 1, "50.00%", 3, 1) in rows and rows[-1] == ("泉州市合计", 3, 1, "33.33%", 3, 1)
    assert workbook["前4周"][-1] == ("2026年11月9日—2026年11月15日", 3, 1, "33.33%", 1, 0)

    # A district reporter sees their district as the region: no districts below it, the total only.
    client.force_login(reporter_jj)
    html = page(client, url, data={"week": "2026-11-16"})
    assert [cell(html, "total", col) for col in ("building", "inspected", "rate", "inspections")] == [
        "2",
        "1",
        "50.00%",
        "3",
    ]
    assert client.get(url, {"region": "350502"}).status_code == 404
    assert client.get(url).status_code == 200  # this week by default
