"""Every model registered in the admin has a list page that renders, and only staff reach it."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.urls import reverse

pytestmark = pytest.mark.django_db
MODELS = sorted(admin.site._registry, key=lambda m: m._meta.label)


@pytest.mark.parametrize("model", MODELS, ids=[m._meta.label for m in MODELS])
def test_the_admin_list_renders_for_a_superuser(client, model):
    client.force_login(User.objects.create_superuser("root", "root@example.com", "x"))
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    assert client.get(url).status_code == 200


def test_candidates_are_sent_to_the_admin_login(alice_client):
    response = alice_client.get(reverse("admin:scoring_submission_changelist"))
    assert response.status_code == 302 and "/admin/login/" in response.url
