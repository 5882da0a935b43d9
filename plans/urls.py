from django.urls import path

from courses import compliance_views
from plans import views

app_name = "dashboard"

urlpatterns = [
    path("", views.index, name="index"),
    path("classes/", views.classes, name="classes"),
    path("allotments/", views.allotments, name="allotments"),
    path("nominations/", views.nominations, name="nominations"),
    path("dashboard.xlsx", views.export_xlsx, name="export_xlsx"),
    path("dashboard.pdf", views.export_pdf, name="export_pdf"),
    # Who is behind on the training requirements (courses/compliance_views.py).
    path("compliance/", compliance_views.province, name="compliance"),
    path("compliance/people/", compliance_views.people, name="compliance_people"),
    path("compliance/people.xlsx", compliance_views.people_xlsx, name="compliance_xlsx"),
    # Exceptions staff decided to the rules of eligibility (courses/exceptions.py).
    path("exceptions/", compliance_views.exceptions, name="exceptions"),
    path("exceptions.xlsx", compliance_views.exceptions_xlsx, name="exceptions_xlsx"),
]
