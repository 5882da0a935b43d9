# The English interface keeps the Vietnamese conventions its users work with:
# dates dd/mm/yyyy and numbers grouped as 10.635, so figures match the documents.
from training_portal.formats.vi.formats import *  # noqa: F403

YEAR_MONTH_FORMAT = "F Y"
