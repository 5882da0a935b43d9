"""The site's URLconf with one more portal view, which tests/test_url_matrix.py has no answer for."""

from django.urls import include, path

from plans.site import home
from training_portal.urls import urlpatterns as site_patterns

brand_new = ([path("brand-new/", home, name="brand_new")], "portal")

urlpatterns = [path("new/", include(brand_new)), *site_patterns]
