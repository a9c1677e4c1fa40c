# Basque shows dates as Django's Basque formats do; it also reads the day/month/year that the
# admin's date pickers write (WAGTAIL_DATE_FORMAT), after ISO so that nothing is read twice ways.
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%Y-%m-%d",
    "%d/%m/%Y",
]
TIME_INPUT_FORMATS = ["%H:%M:%S", "%H:%M"]
