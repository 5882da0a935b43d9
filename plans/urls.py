from django.urls import path

from plans import views

app_name = "dashboard"

urlpatterns = [
    path("", views.index, name="index"),
    path("classes/", views.classes, name="classes"),
    path("allotments/", views.allotments, name="allotments"),
    path("nominations/", views.nominations, name="nominations"),
    path("dashboard.xlsx", views.export_xlsx, name="export_xlsx"),
    path("dashboard.pdf", views.export_pdf, name="export_pdf"),
]
