"""Petition services: the order of decision, reply and closing, and the database's guards."""

from datetime import date

import pytest
from django.db import IntegrityError

from requests_app.petitions.models import Petition
from requests_app.petitions.services import (
    PetitionError,
    close_petition,
    decide_acceptance,
    reply_to_petition,
)
from tests.factories import OrganizationFactory, PetitionFactory

pytestmark = pytest.mark.django_db


def test_a_petition_goes_from_registered_to_closed():
    handler = OrganizationFactory()
    petition = PetitionFactory()
    assert petition.status == "registered"

    petition = decide_acceptance(
        petition=petition, accepted=True, on=date(2016, 3, 5), handling_organizations=[handler]
    )
    assert petition.status == "accepted"
    assert list(petition.handling_organizations.all()) == [handler]
    petition = reply_to_petition(petition=petition, reply="已办理。", on=date(2016, 3, 30))
    assert petition.status == "replied"
    petition = close_petition(petition=petition, on=date(2016, 4, 2))
    assert petition.status == "closed"


def test_steps_out_of_order_are_refused():
    petition = PetitionFactory()
    with pytest.raises(PetitionError):
        reply_to_petition(petition=petition, reply="x", on=date(2016, 3, 5))
    with pytest.raises(PetitionError):
        close_petition(petition=petition, on=date(2016, 3, 5))
    with pytest.raises(PetitionError):
        decide_acceptance(petition=petition, accepted=True, on=date(2016, 2, 28))
    decide_acceptance(petition=petition, accepted=False, on=date(2016, 3, 2))
    with pytest.raises(PetitionError):
        decide_acceptance(petition=petition, accepted=True, on=date(2016, 3, 3))
    with pytest.raises(PetitionError):
        reply_to_petition(petition=petition, reply="x", on=date(2016, 3, 5))
    assert close_petition(petition=petition, on=date(2016, 3, 2)).status == "closed"


def test_the_database_refuses_a_letter_counting_several_persons():
    petition = PetitionFactory()
    with pytest.raises(IntegrityError):
        Petition.objects.filter(pk=petition.pk).update(persons=3)


def test_the_database_refuses_publication_without_consent():
    petition = PetitionFactory(consent_to_publish=False)
    with pytest.raises(IntegrityError):
        Petition.objects.filter(pk=petition.pk).update(
            published=True, public_title="t", public_summary="s"
        )
