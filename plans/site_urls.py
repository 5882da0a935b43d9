from django.urls import path

from plans import site

urlpatterns = [
    path("", site.home, name="home"),
    path("start/", site.landing, name="landing"),
]
