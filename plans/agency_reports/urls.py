from django.urls import path

from plans.agency_reports import views

app_name = "agency_reports"

urlpatterns = [
    path("", views.rounds, name="rounds"),
    path("<int:year>/", views.round_page, name="round"),
    path("reports/<int:pk>/decide/", views.decide, name="decide"),
]
