"""Each role sees only the files it may; anything else is a 404; opening a file is logged."""

import pytest
from django.http import Http404

from silah.accounts.factories import UserFactory
from silah.audit.models import AccessLog
from silah.registry.access import beneficiaries_for, get_beneficiary_for, open_file
from silah.registry.factories import BeneficiaryFactory, LiaisonAssignmentFactory, category

pytestmark = pytest.mark.django_db


def test_the_manager_sees_every_file(manager, branch, other_branch):
    files = {BeneficiaryFactory(branch=branch), BeneficiaryFactory(branch=other_branch)}
    assert set(beneficiaries_for(manager)) == files


def test_a_relations_officer_sees_the_files_of_their_branch(officer, branch):
    mine = BeneficiaryFactory(branch=branch)
    assert get_beneficiary_for(officer, mine.pk) == mine


def test_a_relations_officer_gets_a_404_for_another_branch(officer, other_branch):
    theirs = BeneficiaryFactory(branch=other_branch)
    with pytest.raises(Http404):
        get_beneficiary_for(officer, theirs.pk)


def test_a_researcher_sees_a_file_assigned_to_them():
    researcher = UserFactory(username="researcher", roles=["social_researcher"])
    assigned = BeneficiaryFactory(assigned_researcher=researcher)
    assert get_beneficiary_for(researcher, assigned.pk) == assigned


def test_a_researcher_opening_a_file_not_assigned_gets_a_404_and_no_log():
    researcher = UserFactory(username="researcher", roles=["social_researcher"])
    other = BeneficiaryFactory(assigned_researcher=UserFactory(username="colleague"))
    with pytest.raises(Http404):
        open_file(researcher, other.pk)
    assert not AccessLog.objects.exists()


def test_a_liaison_officer_sees_the_beneficiaries_of_their_categories():
    assignment = LiaisonAssignmentFactory()
    orphan = BeneficiaryFactory(categories=[assignment.category])
    BeneficiaryFactory(categories=[category("widow")])
    assert list(beneficiaries_for(assignment.officer)) == [orphan]


def test_a_liaison_officer_sees_a_file_they_are_the_liaison_of():
    liaison = UserFactory(username="liaison", roles=["liaison_officer"])
    named = BeneficiaryFactory(liaison_officer=liaison)
    assert get_beneficiary_for(liaison, named.pk) == named


@pytest.mark.parametrize("role", ["hr", "administrator", "board_member", "committee_member"])
def test_roles_without_access_to_personal_data_get_a_404(role, branch):
    user = UserFactory(username=role, roles=[role], branches=[branch])
    beneficiary = BeneficiaryFactory(branch=branch)
    with pytest.raises(Http404):
        get_beneficiary_for(user, beneficiary.pk)


def test_hr_who_is_also_a_relations_officer_sees_their_branch(branch):
    user = UserFactory(username="hr-officer", roles=["hr", "relations_officer"], branches=[branch])
    beneficiary = BeneficiaryFactory(branch=branch)
    assert get_beneficiary_for(user, beneficiary.pk) == beneficiary


def test_a_superuser_without_a_role_sees_no_file():
    user = UserFactory(username="root", is_superuser=True)
    assert not beneficiaries_for(user).exists()


def test_a_missing_or_malformed_id_is_a_404(manager):
    for pk in (999999, "abc", None):
        with pytest.raises(Http404):
            get_beneficiary_for(manager, pk)


def test_a_file_in_two_of_an_officers_categories_is_listed_once():
    assignment = LiaisonAssignmentFactory()
    disability = category("disability")
    LiaisonAssignmentFactory(category=disability, officer=assignment.officer)
    BeneficiaryFactory(categories=[assignment.category, disability])
    assert beneficiaries_for(assignment.officer).count() == 1


def test_getting_a_file_does_not_log_a_read(manager):
    beneficiary = BeneficiaryFactory()
    get_beneficiary_for(manager, beneficiary.pk)
    assert not AccessLog.objects.exists()


def test_opening_a_file_writes_one_read_log_row(manager):
    beneficiary = BeneficiaryFactory()
    open_file(manager, beneficiary.pk)
    row = AccessLog.objects.get()
    assert (row.user, row.object_id, row.what) == (manager, str(beneficiary.pk), "file")


def test_a_scope_registered_by_a_higher_app_widens_what_a_role_sees(monkeypatch):
    from django.db.models import Q

    from silah.registry import access

    committee_member = UserFactory(roles=["committee_member"])
    on_agenda, elsewhere = BeneficiaryFactory(), BeneficiaryFactory()
    assert list(beneficiaries_for(committee_member)) == []
    monkeypatch.setattr(access, "_extra_scopes", {})
    access.register_scope("committee_member", lambda user: Q(pk=on_agenda.pk))
    access.register_scope("committee_member", lambda user: Q(pk=on_agenda.pk))

    assert list(beneficiaries_for(committee_member)) == [on_agenda]
    assert elsewhere not in beneficiaries_for(committee_member)
