"""Certificates the department issues itself (chứng chỉ, giấy chứng nhận): its register, the PDF, the public check.

services.certificates_issue(training_class=…)   # consecutive numbers of the body's register, written into Result
services.certificate_revoke(certificate=…, reason=…)
pdf.class_certificates_pdf(code, certificates)   # one PDF, a page each
selectors.certificate_by_code(code), selectors.certificate_by_number(number, name)
"""
