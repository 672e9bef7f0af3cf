"""manage.py sync_guides: validation, idempotence, conflicts with admin edits."""

from __future__ import annotations

from html.parser import HTMLParser
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from careerboard.guides.models import Guide, ProgressionStage, Skill, SkillAlias
from careerboard.guides.selectors import guide_edited_since_sync, skill_resolve
from careerboard.guides.services import Outcome, guides_sync
from careerboard.guides.tests.conftest import CONTENT, edit_yaml

pytestmark = pytest.mark.django_db


def sync(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("sync_guides", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_the_content_set_loads_sixteen_guides_with_every_section():
    out, _ = sync("--path", str(CONTENT))
    assert Guide.objects.count() == 16
    assert out.count(": created") == 16
    assert "skills: 287 created" in out
    backend = Guide.objects.get(slug="backend-developer")
    assert backend.category.slug == "engineering"
    assert [s.title for s in backend.stages.all()] == [
        "Junior Backend Developer",
        "Backend Developer",
        "Senior Backend Developer",
        "Lead Backend Developer",
        "Backend Architecture Manager",
    ]
    assert [(s.years_from, s.years_to) for s in backend.stages.all()] == [
        (0, 2),
        (2, 5),
        (5, 8),
        (8, None),
        (10, None),
    ]
    assert backend.responsibilities.filter(level="senior").count() == 5
    assert backend.certifications.first().issuer == "Amazon Web Services"
    assert [r.related.slug for r in backend.relations.all()] == [
        "fullstack-developer",
        "devops-engineer",
        "data-engineer",
    ]
    assert float(backend.growth_percent) == 17.0
    assert backend.growth_source_url.startswith("https://www.bls.gov/")


def test_a_second_run_reports_every_guide_unchanged():
    sync()
    out, err = sync()
    assert out.count(": unchanged") == 16
    assert "skills: 287 unchanged" in out
    assert err == ""


def test_an_invalid_file_names_file_and_field_and_changes_nothing(content_copy):
    guides_sync(root=content_copy)
    before = Guide.objects.get(slug="backend-developer").title
    edit_yaml(
        content_copy / "guides" / "backend-developer.yaml",
        lambda g: g.update(title="Changed title"),
    )
    edit_yaml(
        content_copy / "guides" / "data-engineer.yaml",
        lambda g: g["progression"][1].update(years_to=1),
    )
    with pytest.raises(CommandError) as raised:
        sync("--path", str(content_copy))
    message = str(raised.value)
    assert "Nothing was changed" in message
    assert (
        "data-engineer.yaml: progression[1].years_to: must be more than years_from (2)" in message
    )
    # The valid change in the other file was not written either.
    assert Guide.objects.get(slug="backend-developer").title == before


@pytest.mark.parametrize(
    ("change", "field", "says"),
    [
        (lambda g: g.pop("summary"), "summary", "is missing"),
        (lambda g: g.update(colour="blue"), "colour", "is not a known field"),
        (lambda g: g.update(category="baking"), "category", "not an industry"),
        (
            lambda g: g["skills"]["technical"].append("cobol-85"),
            "skills.technical[10]",
            "not in skills.yaml",
        ),
        (lambda g: g["skills"]["soft"].append("python"), "skills.soft[6]", "is a technical skill"),
        (
            lambda g: g["progression"][2]["skills"].append("python"),
            "progression[2].skills[5]",
            "already expected",
        ),
        (
            lambda g: g["market"]["growth"].update(source_url="ftp://x"),
            "market.growth.source_url",
            "https://",
        ),
        (lambda g: g["market"].update(demand="Huge"), "market.demand", "must be one of"),
        (lambda g: g["related_roles"].append("astronaut"), "related_roles[3]", "not a guide"),
        (lambda g: g["synonyms"].append("Backend Ninja"), "synonyms[9]", "lowercase"),
    ],
)
def test_each_rule_names_the_field(content_copy, change, field, says):
    edit_yaml(content_copy / "guides" / "backend-developer.yaml", change)
    with pytest.raises(CommandError) as raised:
        sync("--path", str(content_copy))
    assert f"backend-developer.yaml: {field}: " in str(raised.value)
    assert says in str(raised.value)
    assert not Guide.objects.exists()


def test_broken_yaml_is_reported_by_file(content_copy):
    (content_copy / "guides" / "qa-engineer.yaml").write_text("slug: [unclosed\n")
    with pytest.raises(CommandError, match=r"qa-engineer\.yaml: \(file\): is not valid YAML"):
        sync("--path", str(content_copy))


def test_an_alias_used_twice_in_the_catalog_is_refused(content_copy):
    skills = content_copy / "skills.yaml"
    skills.write_text(
        skills.read_text().replace("aliases: [golang, go lang]", "aliases: [golang, py]")
    )
    with pytest.raises(
        CommandError, match=r"skills\.yaml: \[\d+\]\.aliases\[1\]: 'py' is already used by 'python'"
    ):
        sync("--path", str(content_copy))


def test_a_file_change_updates_only_that_guide(content_copy):
    guides_sync(root=content_copy)
    edit_yaml(
        content_copy / "guides" / "qa-engineer.yaml",
        lambda g: g["progression"][0].update(title="Graduate QA Engineer"),
    )
    report = guides_sync(root=content_copy)
    assert report.guides["qa-engineer"] == Outcome.UPDATED
    assert [o for s, o in report.guides.items() if s != "qa-engineer"] == [Outcome.UNCHANGED] * 15
    assert ProgressionStage.objects.filter(title="Graduate QA Engineer").exists()


class AdminForm(HTMLParser):
    """The values an admin change form would submit, as a browser would collect them."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.data: dict[str, str] = {}
        self._select: str | None = None
        self._textarea: str | None = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("submit", "button", "file"):
            if a.get("type") != "checkbox" or "checked" in a:
                self.data[name] = a.get("value") or ""
        elif tag == "select" and name:
            self._select = name
            self.data[name] = ""
        elif tag == "option" and self._select and "selected" in a:
            self.data[self._select] = a.get("value") or ""
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        if tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea] += (
                data.removeprefix("\n") if not self.data[self._textarea] else data
            )


def admin_save(client, guide: Guide, **changes: str) -> None:
    url = f"/admin/guides/guide/{guide.pk}/change/"
    data = AdminForm(client.get(url).content.decode()).data
    data.update(changes)
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]


def test_saving_the_admin_form_unchanged_is_not_an_edit(synced, admin_client):
    guide = Guide.objects.get(slug="backend-developer")
    admin_save(admin_client, guide)
    assert not guide_edited_since_sync(slug="backend-developer")
    out, _ = sync()
    assert "guide backend-developer: unchanged" in out


def test_an_admin_edit_is_reported_as_a_conflict_and_kept(content_copy, admin_client):
    guides_sync(root=content_copy)
    guide = Guide.objects.get(slug="technical-writer")
    admin_save(admin_client, guide, summary="Edited by staff in the admin.")
    assert guide_edited_since_sync(slug="technical-writer")
    edit_yaml(
        content_copy / "guides" / "technical-writer.yaml",
        lambda g: g.update(overview="A new overview from the file."),
    )

    out, err = sync("--path", str(content_copy))
    assert "guide technical-writer: conflict" in err
    assert "--force" in err
    guide.refresh_from_db()
    assert guide.summary == "Edited by staff in the admin."
    assert guide.overview != "A new overview from the file."

    out, err = sync("--path", str(content_copy), "--force")
    assert "guide technical-writer: updated" in out
    guide.refresh_from_db()
    assert guide.overview == "A new overview from the file."
    assert guide.summary != "Edited by staff in the admin."
    assert not guide_edited_since_sync(slug="technical-writer")


def test_an_edit_of_one_section_counts_as_an_edit_too(synced):
    guide = Guide.objects.get(slug="backend-developer")
    stage = guide.stages.get(title="Backend Developer")
    stage.years_to = 6
    stage.save()
    _, err = sync()
    assert "guide backend-developer: conflict" in err
    assert guide.stages.get(title="Backend Developer").years_to == 6


def test_admin_pages_for_guides_and_skills_work(synced, admin_client):
    guide = Guide.objects.get(slug="backend-developer")
    stage = guide.stages.first()
    assert admin_client.get(f"/admin/guides/progressionstage/{stage.pk}/change/").status_code == 200
    page = admin_client.get(f"/admin/guides/guide/{guide.pk}/change/").content.decode()
    assert "Same as the last sync" in page
    assert "backend developer\nback-end developer" in page  # lists are edited line by line
    assert admin_client.get("/admin/guides/skill/?q=postgres").status_code == 200
    assert admin_client.get("/admin/guides/guide/").status_code == 200


def test_skill_resolve_finds_names_slugs_and_aliases_in_any_case(synced):
    postgres = Skill.objects.get(slug="postgresql")
    for text in ("PostgreSQL", "postgres", "  Postgres ", "POSTGRE SQL", "postgresql"):
        assert skill_resolve(text) == postgres
    assert skill_resolve("C#") == Skill.objects.get(slug="c-sharp")
    assert skill_resolve("k8s").slug == "kubernetes"
    assert skill_resolve("underwater basket weaving") is None
    assert skill_resolve("   ") is None


def test_aliases_typed_in_the_admin_are_stored_lowercase(synced):
    alias = SkillAlias.objects.create(skill=Skill.objects.get(slug="python"), alias="  CPython ")
    assert alias.alias == "cpython"
    assert skill_resolve("cpython").slug == "python"
