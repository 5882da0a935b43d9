from django.urls import path

from plans.budget import views

app_name = "budget"

urlpatterns = [
    path("", views.budget_dashboard, name="dashboard"),
    path("request.xlsx", views.request_xlsx, name="request_xlsx"),
    path("annual-report.xlsx", views.annual_report_xlsx, name="annual_report_xlsx"),
    path("plans/<int:pk>/annual-report/draft/", views.annual_report_draft, name="annual_report_draft"),
    path("classes/<int:pk>/settle/", views.settle, name="settle"),
]
