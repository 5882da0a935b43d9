from django.urls import path

from partners import certificate_views, views

app_name = "partners"

urlpatterns = [
    path("<int:pk>/preview/", views.document_preview, name="document_preview"),
    path("<int:pk>/preview.pdf", views.document_preview_pdf, name="document_preview_pdf"),
    path("<int:pk>/download/", views.document_download, name="document_download"),
    path("<int:pk>/tables.xlsx", views.document_tables, name="document_tables"),
    path("<int:pk>/issue/", views.document_issue, name="document_issue"),
    path("<int:pk>/correct/", views.document_correct, name="document_correct"),
    path("letters/<int:pk>/reply/", views.correspondence_reply, name="correspondence_reply"),
    # certificates the department issues itself
    path("certificates/class/<int:pk>/", certificate_views.class_certificates, name="class_certificates"),
    path(
        "certificates/class/<int:pk>/all.pdf", certificate_views.class_certificates_pdf, name="class_certificates_pdf"
    ),
    path("certificates/<int:pk>.pdf", certificate_views.certificate_pdf, name="certificate_pdf"),
    path("certificates/<int:pk>/revoke/", certificate_views.certificate_revoke, name="certificate_revoke"),
    path("<str:kind>/<int:source_pk>/preview/", views.source_preview, name="source_preview"),
    path("<str:kind>/<int:source_pk>/preview.pdf", views.source_preview_pdf, name="source_preview_pdf"),
    path("<str:kind>/<int:source_pk>/download/", views.source_download, name="source_download"),
    path("<str:kind>/<int:source_pk>/issue/", views.source_issue, name="source_issue"),
]
