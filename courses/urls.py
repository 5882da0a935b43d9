from django.urls import path

from courses import overseas_views, views

app_name = "portal"

urlpatterns = [
    path("", views.class_list, name="class_list"),
    path("agency/", views.switch_agency, name="switch_agency"),
    path("classes/<int:pk>/", views.class_detail, name="class_detail"),
    path("classes/<int:pk>/nominate/", views.nominate, name="nominate"),
    path("classes/<int:pk>/nominate-new/", views.nominate_new, name="nominate_new"),
    path("classes/<int:pk>/upload/", views.upload, name="upload"),
    path("classes/<int:pk>/template.xlsx", views.upload_template, name="upload_template"),
    path("nominations/", views.nomination_list, name="nomination_list"),
    path("nominations.xlsx", views.nomination_export, name="nomination_export"),
    path("staff.xlsx", views.staff_export, name="staff_export"),
    path("nominations/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("review/<int:pk>/", views.review, name="review"),
    path("review/<int:pk>/attendance/", views.attendance, name="attendance"),
    # Eligibility: an agency's staff ranked for an overseas class (courses/overseas.py), staff's and the portal's.
    path("review/<int:pk>/candidates/", overseas_views.staff_candidates, name="candidates_staff"),
    path("classes/<int:pk>/candidates/", overseas_views.agency_candidates, name="candidates"),
]
