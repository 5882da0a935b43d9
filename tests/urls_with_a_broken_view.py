"""The site's URLconf with one view that fails, to see the 500 page the site answers with."""

from django.urls import path

from training_portal.urls import urlpatterns as site_patterns


def broken(request):
    raise RuntimeError("a view that fails, on purpose")


urlpatterns = [path("broken/", broken), *site_patterns]
