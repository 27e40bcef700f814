"""Presets: the five seed policies as ready data, and the association created from one.

Each file `silah/policy/presets/<code>.toml` is one seed (`../shared/seeds/`) written as
Silah's data: the association (`[organization]`), the version's title and text sections in
the seed's own words (`[version]`, `[[sections]]`), the structured rules (`[rules]`, the
`PolicyRules` schema, each group's `source_note` the seed's wording of it) and the board's
approval when the seed records one (`[approval]`). Comments in each file say every choice
made where the seed is ambiguous and every repair of text-extraction damage.

The files are package data: they live inside the `silah` package, which hatchling ships
whole. The folder has no `__init__.py` on purpose: `silah.policy.presets` is this module.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Literal

import pydantic
from django.db import transaction
from django.utils.translation import gettext as _
from pydantic import BaseModel, ConfigDict, Field

from silah.audit.history import annotate_change
from silah.core.errors import DomainError
from silah.policy import services
from silah.policy.models import Organization, PolicyVersion
from silah.policy.rules import Code, PolicyRules, Section

PRESETS_DIR = Path(__file__).with_name("presets")


class PresetError(ValueError):
    """A preset file is not valid; the message names the file and the rule."""

    def __init__(self, path: Path, message: str) -> None:
        super().__init__(f"{path.name}: {message}")
        self.path = path


class UnknownPreset(DomainError):
    """No preset has this code; `known` lists those that exist."""

    def __init__(self, code: str, known: list[str]) -> None:
        super().__init__(
            _("لا يوجد نموذج باسم «%(code)s». النماذج المتاحة: %(known)s")
            % {"code": code, "known": "، ".join(known)},
            field="preset",
        )
        self.code = code
        self.known = known


# -- the file's structure ---------------------------------------------------------------------


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _max(field: str) -> int:
    return Organization._meta.get_field(field).max_length


class _PresetHeader(_Strict):
    code: Code
    title: str = Field(min_length=1, max_length=200)
    seed: str = Field(min_length=1, max_length=100)
    description: str = Field(default="", max_length=2000)
    # The seed's approval text when it cannot be recorded as an approval (003: no resolution).
    approval_note: str = Field(default="", max_length=2000)


class _OrganizationData(_Strict):
    name: str = Field(min_length=1, max_length=_max("name"))
    name_en: str = Field(default="", max_length=_max("name_en"))
    licence_number: str = Field(default="", max_length=_max("licence_number"))
    # Empty when the seed does not say who issued the licence: the association fills it in.
    licence_authority: Literal["", "ncnp", "hrsd", "other"] = ""
    licence_authority_other: str = Field(default="", max_length=_max("licence_authority_other"))
    region: str = Field(default="", max_length=_max("region"))
    city: str = Field(default="", max_length=_max("city"))
    website: str = Field(default="", max_length=_max("website"))
    phone: str = Field(default="", max_length=_max("phone"))
    email: str = Field(default="", max_length=_max("email"))
    address: str = Field(default="", max_length=_max("address"))
    beneficiary_term: str = Field(min_length=1, max_length=_max("beneficiary_term"))
    beneficiary_term_plural: str = Field(min_length=1, max_length=_max("beneficiary_term_plural"))
    beneficiary_term_en: str = Field(min_length=1, max_length=_max("beneficiary_term_en"))


class _VersionData(_Strict):
    title: str = Field(min_length=1, max_length=PolicyVersion._meta.get_field("title").max_length)


class _ApprovalData(_Strict):
    resolution_number: str = Field(
        min_length=1, max_length=PolicyVersion._meta.get_field("resolution_number").max_length
    )
    approved_on: date
    meeting: str = Field(default="", max_length=PolicyVersion._meta.get_field("meeting").max_length)
    next_review_on: date | None = None
    source_note: str = Field(default="", max_length=4000)


class _PresetFile(_Strict):
    preset: _PresetHeader
    organization: _OrganizationData
    version: _VersionData
    sections: list[Section] = Field(min_length=1)
    rules: PolicyRules
    approval: _ApprovalData | None = None


# -- what callers get -------------------------------------------------------------------------


@dataclass(frozen=True)
class PresetInfo:
    code: str
    title: str
    seed: str
    description: str
    organization_name: str
    approved: bool  # the seed records a board approval that Silah records with the version


@dataclass(frozen=True)
class PresetApproval:
    resolution_number: str
    approved_on: date
    meeting: str
    next_review_on: date | None
    source_note: str


@dataclass(frozen=True)
class Preset:
    info: PresetInfo
    organization: dict[str, str]  # Organization's fields
    version_title: str
    sections: list[dict[str, Any]]  # as PolicyVersion.sections stores them
    rules: dict[str, Any]  # as PolicyVersion.rules stores them
    approval: PresetApproval | None
    approval_note: str

    @property
    def code(self) -> str:
        return self.info.code

    def parsed_rules(self) -> PolicyRules:
        return PolicyRules.model_validate(self.rules)


def _describe(error: pydantic.ValidationError) -> str:
    lines = []
    for item in error.errors():
        where = ".".join(str(part) for part in item["loc"]) or "(file)"
        lines.append(f"{where}: {item['msg']}")
    return "; ".join(lines)


def read_preset_file(path: Path) -> Preset:
    """Parse and validate one preset file; a PresetError names the file and the rule."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise PresetError(path, f"cannot be read as TOML: {error}") from error
    try:
        parsed = _PresetFile.model_validate(data)
    except pydantic.ValidationError as error:
        raise PresetError(path, _describe(error)) from error
    if parsed.preset.code != path.stem:
        raise PresetError(
            path, f"preset.code: {parsed.preset.code!r} differs from the file name {path.stem!r}"
        )
    approval = parsed.approval
    return Preset(
        info=PresetInfo(
            code=parsed.preset.code,
            title=parsed.preset.title,
            seed=parsed.preset.seed,
            description=parsed.preset.description,
            organization_name=parsed.organization.name,
            approved=approval is not None,
        ),
        organization=parsed.organization.model_dump(),
        version_title=parsed.version.title,
        sections=[section.model_dump(mode="json") for section in parsed.sections],
        rules=parsed.rules.model_dump(mode="json"),
        approval=None
        if approval is None
        else PresetApproval(
            resolution_number=approval.resolution_number,
            approved_on=approval.approved_on,
            meeting=approval.meeting,
            next_review_on=approval.next_review_on,
            source_note=approval.source_note,
        ),
        approval_note=parsed.preset.approval_note,
    )


def preset_codes() -> list[str]:
    return sorted(path.stem for path in PRESETS_DIR.glob("*.toml"))


def load_preset(code: str) -> Preset:
    """The preset `code`, parsed and validated (UnknownPreset when there is none)."""
    if code not in preset_codes():
        raise UnknownPreset(code, [info.code for info in list_presets()])
    return read_preset_file(PRESETS_DIR / f"{code}.toml")


def list_presets() -> list[PresetInfo]:
    """Every preset, in the order of the seeds (000 … 004)."""
    infos = [load_preset(code).info for code in preset_codes()]
    return sorted(infos, key=lambda info: (info.seed, info.code))


@transaction.atomic
def create_association_from_preset(
    code: str, *, actor=None, if_missing: bool = False
) -> tuple[Organization, PolicyVersion | None]:
    """The association and its first policy version, from a preset.

    The version is started as a draft with the preset's sections and rules; when the seed
    records the board's approval, the approval is recorded and the version is in force.
    One deployment serves one association: if one exists, a DomainError, unless
    `if_missing`, which returns the existing association and its current version (the one in
    force, else the latest) untouched.
    """
    preset = load_preset(code)
    existing = Organization.current()
    if existing is not None:
        if if_missing:
            version = (
                services.version_in_force(existing)
                or existing.policy_versions.order_by("-number").first()
            )
            return existing, version
        raise DomainError(
            _("الجمعية «%(name)s» مسجلة من قبل، وتخدم كل نسخة من صلة جمعية واحدة.")
            % {"name": existing.name},
            field="preset",
        )
    organization = Organization(**preset.organization)
    annotate_change(organization, reason=f"create_from_preset:{code}", actor=actor)
    organization.save()
    version = services.start_draft(
        organization,
        actor=actor,
        sections=preset.sections,
        rules=preset.rules,
        preset=code,
    )
    version = services.update_draft(version, actor=actor, title=preset.version_title)
    if preset.approval is not None:
        version = services.record_approval(
            version,
            actor=actor,
            resolution_number=preset.approval.resolution_number,
            approved_on=preset.approval.approved_on,
            meeting=preset.approval.meeting,
            next_review_on=preset.approval.next_review_on,
        )
    return organization, version
