from django.urls import path

from courses import compliance_views, delivery_views, overseas_views, record_views, views
from plans.agency_reports import views as report_views

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
    # Who is behind, in the focal point's own agency (courses/compliance_views.py).
    path("compliance/", compliance_views.portal_people, name="compliance"),
    path("compliance.xlsx", compliance_views.portal_people_xlsx, name="compliance_xlsx"),
    path("review/<int:pk>/attendance/", views.attendance, name="attendance"),
    path("review/<int:pk>/attendance.xlsx", delivery_views.attendance_sheet, name="attendance_sheet"),
    path("review/<int:pk>/results/", delivery_views.results_grid, name="results"),
    path("review/<int:pk>/results.xlsx", delivery_views.results_sheet, name="results_sheet"),
    path("review/<int:pk>/complete-by-rule/", delivery_views.complete_by_rule, name="complete_by_rule"),
    # Eligibility: an agency's staff ranked for an overseas class (courses/overseas.py), staff's and the portal's.
    path("review/<int:pk>/candidates/", overseas_views.staff_candidates, name="candidates_staff"),
    path("classes/<int:pk>/candidates/", overseas_views.agency_candidates, name="candidates"),
]

# --- each person's record (quá trình đào tạo, bồi dưỡng): the portal's own staff, and the console's page ---------
urlpatterns += [
    path("people/", record_views.people, name="people"),
    path("people/<int:pk>/", record_views.person_record, name="person_record"),
    path("people/<int:pk>/record.xlsx", record_views.person_record_xlsx, name="person_record_xlsx"),
    path("people/<int:pk>/record.pdf", record_views.person_record_pdf, name="person_record_pdf"),
    path("people/<int:pk>/outside-training/", record_views.outside_training_add, name="outside_training_add"),
    path("evidence/<int:pk>/", record_views.evidence, name="evidence"),
    path("records/<int:pk>/", record_views.staff_record, name="staff_record"),
    path("records/<int:pk>/record.xlsx", record_views.staff_record_xlsx, name="staff_record_xlsx"),
    path("records/<int:pk>/record.pdf", record_views.staff_record_pdf, name="staff_record_pdf"),
    path("records/evidence/<int:pk>/", record_views.staff_evidence, name="staff_evidence"),
]

# --- the agency's own training reported to the department (issue 16; plans/agency_reports/) ---------------------
urlpatterns += [
    path("reports/", report_views.portal_reports, name="reports"),
    path("reports/<int:year>/", report_views.portal_report, name="report"),
    path("reports/<int:year>/template.xlsx", report_views.portal_report_template, name="report_template"),
    path("reports/sent/<int:pk>/", report_views.portal_report_detail, name="report_detail"),
]
