"""An official document's HTML preview is the page WeasyPrint prints, with its styles inline: its policy lets those
styles in and nothing else."""

import pytest
from django.urls import reverse

from tests.test_content_security_policy import directives

pytestmark = pytest.mark.django_db


def test_the_html_preview_of_a_draft_allows_its_inline_styles_but_no_script(client, staff_user, decision_draft):
    client.force_login(staff_user)
    policy = directives(client.get(reverse("partners:document_preview", args=[decision_draft.pk])))
    assert (policy["style-src"], policy["script-src"]) == ("'self' 'unsafe-inline'", "'self'")


def test_the_pdf_preview_keeps_the_sites_policy(client, staff_user, decision_draft):
    client.force_login(staff_user)
    policy = directives(client.get(reverse("partners:document_preview_pdf", args=[decision_draft.pk])))
    assert policy["style-src"] == "'self'"
