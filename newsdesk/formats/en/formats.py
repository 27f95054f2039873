# Dates as newsrooms file them, unambiguous in every country: 2024-04-03, 2024-04-03 18:40.
# (Public pages spell dates out at their precision, claims/render/wording.py; this is for the
# admin's lists, history and anything else that shows a date without saying how.)
DATE_FORMAT = "Y-m-d"
DATETIME_FORMAT = "Y-m-d H:i"
SHORT_DATE_FORMAT = "Y-m-d"
SHORT_DATETIME_FORMAT = "Y-m-d H:i"
