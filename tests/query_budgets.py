"""Query counts of the main pages, kept together: a change that adds a query per page
shows up here, in one reviewable place. Each includes the session, user and worker
look-ups and the header's two (desk now, unread notifications)."""

DASHBOARD = (
    25  # 22, the calendar's official years (the 暂定 of this week's deadlines, the banner), 催办/督办, approvals
)
CASE_LIST = 12
CASE_PAGE = 16
ROSTER_MONTH = 14
INTAKE_POST = 40
# The public board does not touch the session: its queries are its own.
BOARD = 7
POSTER = 1
SEARCH = 7  # the header search: its cases and its visits, one query each
REGISTER_HOUSEHOLD_LIST = 10  # households with member counts, the filter's grid areas and tags
REGISTER_PERSON_PAGE = 13  # the person, household, phones, tags, the rule and its access record
PERSON_RECORDS = 9  # the person, their visits, cases and appointments (one query each)
REGISTER_GRID_LIST = 14  # 我的片区: areas, tags, count, households, members, phones, tags, access records
REGISTER_GRID_PRINT = 13  # the printed roll: the same without the count
REGISTER_COUNTS = 11  # the director's counts: tags, areas, and three grouped counts
PERSON_SEARCH = 7  # the desk's register search: the people, their phones, households and tags
PATROLS_TODAY = 9  # 今日巡查: the areas, today's patrols, their findings, the user's unfinished rounds
PATROL_PAGE = 8  # a patrol: the patrol, its findings with their cases, the lines of the form
PATROL_BOOK = 11  # the book: the areas, the calendar, the month's patrols, their findings
PATROLS_MISSED = 9  # days without a patrol: the form's areas, the areas, the calendar, the days patrolled
CARE_TODAY = 7  # 今日走访: the user's areas and the due list (one query, carework.selectors)
CARE_COVERAGE = 10  # the director's care coverage: two grouped counts, areas, plans, visits after leaving
CARE_VISIT_FORM = 8  # the record form: the person, the lines, the latest visits
