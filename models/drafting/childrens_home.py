"""Draft of the children's home (provider) "Missing Children" procedure as a BPMN collaboration.

Source: shared/protocols/002_2663b7c2f01cb433.txt, a registered children's home's procedure under
the Children's Homes Regulations, regulation 12 (Kent and Norfolk partnerships referenced).
Run ``python -m models.drafting.childrens_home`` to write ``models/protocols/childrens_home.bpmn``.

Pools: the child (black box); the children's home (home staff, registered manager); the police
(control room, supervisor / senior command, investigating officer); the placing (responsible)
authority (social worker, IRO, independent return interviewer); the host local authority.
The child's return reaches the Home only; the Home tells the police and the social worker, as
section 6.5 says it must, and those processes wait for that message.

Processing times are estimates (the document states none); timescales are the document's.
"""

from __future__ import annotations

from pathlib import Path

from models.authoring import ModelBuilder, cite

DOC = "002_2663b7c2f01cb433.txt"
NAME = "childrens_home"
OUT = Path(__file__).resolve().parents[1] / "protocols" / f"{NAME}.bpmn"


def tri(lo: str, mode: str, hi: str) -> tuple[str, str, str, str]:
    return ("TriangularDistribution", lo, mode, hi)


# ------------------------------------------------------------------------- quotes used twice
Q_WHEREABOUTS = ("Whenever the whereabouts of a child/young person are not known, preliminary "
                 "checks should be carried out to see if the child/young person can be located")
Q_IMMEDIATE = ("if there is an immediate serious risk to the child/young person or others, the "
               "Police should be called first")
Q_CONTACT_LIST = ("The individuals and agencies who should be contacted when a child/young person "
                  "is missing or they are away from placement without authorisation")
Q_DAILY = ("Arrangements for attempts to be made to contact the child/young person on a daily "
           "basis")
Q_INFORM = ("Inform all relevant professionals i.e. Police (unless they returned the child/young "
            "person), the child's/young person's social worker and the independent reviewing "
            "officer")
Q_72H = ("The independent return interview should be offered and provided within 72 hours of the "
         "child/young person being located or returning from absence")
Q_CHALLENGE = ("If an independent return home interview is not offered or arranged by the "
               "responsible local authority, the Home will challenge this")
Q_3DAYS = ("Within 3 days, a missing from care meeting/ telephone discussion between relevant "
           "parties should take place and include the police")
Q_MONTHLY = ("Missing from care meetings/discussions should be held at least monthly to update "
             "the action plan and share information")
Q_ALL_MED_HIGH = ("The police will prioritise all incidents of Missing Children/Young People as "
                  "medium or high risk.")
Q_NOTIFY_PROCESS = ("A notification process for missing/absent episodes should be agreed between "
                    "responsible and host local authorities")
Q_MONITOR = "Monitoring is ongoing and subject to regular reviews to ensure risk levels do not change."
Q_INVESTIGATE = ("This will involve a proactive investigation and search in accordance with the "
                 "circumstances to locate the missing child/young person as soon as possible.")
Q_RLA_RHI = ("The responsible local authority should ensure the return review interview takes "
             "place, working closely with the host authority where appropriate.")
Q_SEEN_ALONE = ("On their return the child/young person must be seen alone by an independent "
                "person usually independent of the child/young person placement and the placing "
                "authority.")
Q_STAT_REVIEW = "Whether a statutory review of the care plan is required."


def build() -> ModelBuilder:
    b = ModelBuilder(NAME, authority="Children's home (provider)", document=DOC)

    # ===================================================================== pools and lanes
    b.black_box("p_child", "Child", citation=cite(
        "2. Definitions",
        "who is not at their placement or the place they are expected to be (e.g. school) and "
        "their whereabouts are not known"))

    home = b.pool("p_home", "Children's home", citation=cite(
        "1. Principles",
        "Children/Young People who do go missing from the Home are protected as far as possible "
        "and responded to positively on their return"))
    staff = home.lane("l_staff", "Home staff", role="carer", citation=cite(
        "Scope of this Chapter",
        "This chapter explains how staff should deal with Children/Young People when they go "
        "missing."))
    mgr = home.lane("l_manager", "Registered manager", role="home_manager", citation=cite(
        "7. Recording",
        "The Manager will arrange to log information on Missing episodes for monitoring "
        "purposes."))

    police = b.pool("p_police", "Police", citation=cite(
        "2. Definitions",
        "The Police, as the lead agency for investigating and finding missing Children/Young "
        "People"))
    pcr = police.lane("l_pol_control", "Control room", role="police_control_room", citation=cite(
        "3. Risk Assessment",
        "this decision will be made by the police on the basis of the information provided"))
    psup = police.lane("l_pol_command", "Senior command", role="police_supervisor",
                       citation=cite(
                           "3. Risk Assessment",
                           "a member of the senior management team or similar command level "
                           "must be involved in the examination of initial enquiry lines",
                           "must"))
    poff = police.lane("l_pol_officer", "Investigating officer", role="police_officer",
                       citation=cite(
                           "3. Risk Assessment",
                           "Such cases should lead to the appointment of an Investigating "
                           "Officer"))

    la = b.pool("p_placing_la", "Placing (responsible) authority", citation=cite(
        "1. Principles",
        "any other processes required by the responsible authority, specified in the individual "
        "child's/young person's care plan"))
    sw = la.lane("l_sw", "Allocated social worker", role="social_worker", citation=cite(
        "6.4 Actions when the Whereabouts of a Child/young person are Not Known",
        "Following initial discussions between the allocated children's/young people’s social "
        "care worker and the police"))
    iro = la.lane("l_iro", "Independent reviewing officer", role="iro", citation=cite(
        "4. Planning and Prevention",
        "Independent Reviewing Officers (IROs) should be informed by the responsible local "
        "authority about missing/ absent episodes"))
    rhi = la.lane("l_rhi", "Independent return interviewer", role="return_interview_provider",
                  citation=cite("6.5 Once the Child/young person Returns Home",
                                "should be carried out by an independent professional"))

    host = b.pool("p_host_la", "Host local authority", citation=cite(
        "6.2 Out of Area Placements",
        "complying with other processes that are specified in the Missing policy of the host "
        "local authority"))
    hfd = host.lane("l_host", "Host children's services", role="front_door", citation=cite(
        "6.4 Actions when the Whereabouts of a Child/young person are Not Known",
        "the responsible local authority children's/young people’s social care services and "
        "the host authority (if an out of area placement)"))

    S61 = "6.1 In All Cases"
    S63 = "6.3 Children/Young People who are Away from Placement without Authorisation"
    S64 = "6.4 Actions when the Whereabouts of a Child/young person are Not Known"
    S65 = "6.5 Once the Child/young person Returns Home"
    S3 = "3. Risk Assessment"
    S4 = "4. Planning and Prevention"

    # ===================================================================== the Home
    staff.start("s_home", "Child not where expected", citation=[
        cite(S64, "Whenever the whereabouts of a child/young person are not known"),
        cite(S63, "Sometimes a child/young person may be away from their placement without "
                  "authorisation.")])
    staff.gateway("g_home_first", "Whereabouts known? Immediate serious risk?", citation=cite(
        S61, "If a child is missing, if there is an immediate serious risk to the child/young "
             "person or others, the Police should be called first.", "should"))
    staff.task("t_away_wellbeing", "Ascertain the child's wellbeing (visit the location)",
               duty="locate_child", time=tri("PT30M", "PT1H", "PT3H"), citation=cite(
                   S63, "The Home or social worker should take reasonable steps to ascertain the "
                        "wellbeing of the child/young person including, when appropriate, "
                        "visiting the location.", "should"))
    staff.task("t_checks", "Preliminary checks to locate the child", duty="locate_child",
               time=tri("PT15M", "PT45M", "PT2H"), citation=[
                   cite(S64, Q_WHEREABOUTS, "should"),
                   cite(S64, "It is clearly important that a deadline is set at the outset of "
                             "these initial checks")])
    staff.gateway("j_home_report", "Contact police and agencies", citation=cite(
        S64, "the individuals and agencies listed below should be informed", "should"))
    staff.task("t_report_police", "Report to the local police (Philomena protocol)",
               duty="report_missing", kind="sendTask", side="host",
               time=tri("PT15M", "PT30M", "PT1H"), citation=[
                   cite(S64, Q_CONTACT_LIST, "should"),
                   cite(S61, "This reporting will be in line with the local Philomena "
                             "protocols."),
                   cite("1. Principles",
                        "the local Runaway and Missing from Home and Care (RMFHC) protocols and "
                        "procedures applicable to the area where the Home is located")])
    staff.task("t_notify_placing", "Notify the placing (responsible) authority",
               duty="notify_placing_authority", kind="sendTask", side="responsible",
               time=tri("PT10M", "PT20M", "PT45M"), citation=[
                   cite(S64, "The authority responsible for the child's/young person's "
                             "placement – if they have not already been notified prior to the "
                             "police being informed", "should"),
                   cite("1. Principles",
                        "complies with, and makes staff aware of, any other processes required "
                        "by the responsible authority")])
    mgr.task("t_notify_parents", "Decide whether and how to notify the parents",
             duty="notify_parent", time=tri("PT10M", "PT20M", "PT1H"), citation=[
                 cite(S61, "The manager/social worker should decide whether to notify the "
                           "parent(s) and, if so, who should do so.", "should"),
                 cite(S64, "The parents and any other person with parental responsibility, "
                           "unless it is not reasonably practicable", "should")])
    mgr.task("t_notify_iro", "Notify the independent reviewing officer", duty="notify_iro",
             time=tri("PT5M", "PT15M", "PT30M"), citation=[
                 cite(S64, Q_CONTACT_LIST, "should"),
                 cite(S64, "The Independent Reviewing Officer (IRO).")])
    staff.task("t_home_search", "Take reasonable steps to secure the child's return",
               duty="locate_child", time=tri("PT1H", "PT2H", "PT6H"), citation=[
                   cite(S64, "The Home/staff should take all reasonable steps, which a good "
                             "parent would take, to secure the safe and speedy return of the "
                             "child/young person", "should"),
                   cite(S64, "If there is suspected risk of harm to the child/young person, the "
                             "carer/s should liaise immediately with the police.", "should")])
    staff.gateway("j_home_wait", "Still missing", citation=cite(S64, Q_DAILY, "should"))
    staff.gateway("g_home_wait", "Returned, or a day passes?", kind="event",
                  citation=cite(S64, Q_DAILY, "should"))
    staff.timer("tm_daily", "A day passes", duration="P1D", calendar="clock",
                citation=cite(S64, Q_DAILY, "should"))
    staff.task("t_daily_contact", "Attempt to contact the child (phones, friends, relatives)",
               duty="locate_child", time=tri("PT15M", "PT30M", "PT1H"), citation=cite(
                   S64, "calling their mobile phone or the phones of friends or relatives that "
                        "they may be with", "should"))
    staff.catch("c_home_return", "Child returns or is found", citation=cite(
        S65, "The Home should take the following steps when a child/young person returns after "
             "such an event", "should"))
    staff.task("t_welcome", "Meet immediate needs; welcome back; try to understand the absence",
               duty="debrief", time=tri("PT30M", "PT1H", "PT2H"), citation=[
                   cite(S65, "Assess the child's/young person's immediate needs", "should"),
                   cite(S65, "Try to gain an insight into the young person's absence and what "
                             "can be done to minimise its recurrence", "should")])
    staff.task("t_inform_police_return", "Tell the police the child has returned",
               duty="share_information", kind="sendTask", time=tri("PT5M", "PT10M", "PT20M"),
               citation=cite(S65, Q_INFORM, "should"))
    staff.task("t_inform_sw_return", "Tell the social worker and IRO the child has returned",
               duty="notify_social_worker", kind="sendTask", side="responsible",
               time=tri("PT5M", "PT10M", "PT20M"), citation=cite(S65, Q_INFORM, "should"))
    mgr.gateway("j_rhi_wait", "Awaiting return interview offer",
                citation=cite(S65, Q_CHALLENGE))
    mgr.gateway("g_rhi_wait", "Interview offered, or 72 hours pass?", kind="event",
                citation=cite(S65, Q_CHALLENGE))
    mgr.catch("c_rhi_offered", "Return interview offered", citation=cite(S65, Q_72H, "should"))
    mgr.timer("tm_rhi_not_offered", "72 hours without an offer", duration="PT72H",
              calendar="clock", citation=[cite(S65, Q_72H, "should"), cite(S65, Q_CHALLENGE)])
    mgr.task("t_challenge", "Challenge the responsible authority; escalate if necessary",
             duty="challenge_return_interview", side="responsible",
             time=tri("PT15M", "PT30M", "PT1H"), citation=[
                 cite(S65, "the Home will challenge this and, if necessary, will take "
                           "appropriate steps to escalate concerns"),
                 cite("1. Principles",
                      "The Home will liaise with and challenge the responsible local authority "
                      "as appropriate")])
    mgr.task("t_prevent", "Agree prevention actions; update the pre-incident risk assessment",
             duty="action_plan", side="responsible", time=tri("PT30M", "PT1H", "PT3H"),
             citation=[
                 cite(S4, "The pre incident risk assessment should be updated after missing "
                          "incident and should be regularly reviewed.", "should"),
                 cite("1. Principles",
                      "The Home considers with the responsible authority and staff what action "
                      "should be taken to prevent the child going missing in future.")])
    mgr.task("t_record", "Log the episode; copy to file, social worker, Regulatory Authority",
             duty="record_episode", time=tri("PT30M", "PT1H", "PT2H"), citation=[
                 cite(S61, "All notifications and consultations must be recorded.", "must"),
                 cite("7. Recording", "The Manager will arrange to log information on Missing "
                                      "episodes for monitoring purposes."),
                 cite(S61, "When a child/young person does go missing this may constitute a "
                           "'Notifiable Event'")])
    mgr.task("t_share_record", "Send the absence record to the placing authority and parents",
             duty="share_information", side="responsible", time=tri("PT10M", "PT20M", "PT45M"),
             citation=[
                 cite("7. Recording", "The Home will keep records of absence and notify the "
                                      "placing authority."),
                 cite("7. Recording", "These records will be shared with the child's/young "
                                      "person's social worker and where it is appropriate, the "
                                      "parents.")])
    mgr.end("e_home", "Episode recorded", citation=cite(
        "7. Recording", "A copy of the report will be retained on the child's/young person's file "
                        "and a copy forwarded to the child's/young person's social worker."))

    b.flow("s_home", "g_home_first")
    b.flow("g_home_first", "t_away_wellbeing", name="whereabouts known",
           condition="whereabouts_known", citation=cite(
               S63, "Sometimes a child/young person may be away from their placement without "
                    "authorisation."))
    b.flow("g_home_first", "j_home_report", name="immediate serious risk: police first",
           condition='not whereabouts_known and risk == "high"',
           citation=cite(S61, Q_IMMEDIATE, "should"))
    b.flow("g_home_first", "t_checks", name="whereabouts not known", default=True,
           citation=cite(S64, Q_WHEREABOUTS, "should"))
    b.chain("t_away_wellbeing", "j_home_report")
    b.chain("t_checks", "j_home_report")
    b.chain("j_home_report", "t_report_police", "t_notify_placing", "t_notify_parents",
            "t_notify_iro", "t_home_search", "j_home_wait", "g_home_wait")
    b.chain("g_home_wait", "tm_daily", "t_daily_contact", "j_home_wait")
    b.chain("g_home_wait", "c_home_return", "t_welcome", "t_inform_police_return",
            "t_inform_sw_return", "j_rhi_wait", "g_rhi_wait")
    b.chain("g_rhi_wait", "c_rhi_offered", "t_prevent", "t_record", "t_share_record", "e_home")
    b.chain("g_rhi_wait", "tm_rhi_not_offered", "t_challenge", "j_rhi_wait")

    # ===================================================================== the police
    pcr.start("ps_report", "Report received from the Home", event="message", citation=cite(
        "2. Definitions", "A child/young person reported as missing to the police by their "
                          "family or carers"))
    pcr.task("t_pol_assess", "Risk assessment: Missing (medium / high) or Absent",
             duty="police_risk_assessment", time=tri("PT15M", "PT30M", "PT1H"), citation=[
                 cite(S3, "The police classification of a person as 'Missing' or 'Absent' will "
                          "be based on on-going risk assessment."),
                 cite(S3, Q_ALL_MED_HIGH)])
    pcr.gateway("g_pol_grade", "Police grading", citation=cite(
        S3, "A Missing child/young person incident would be prioritised as 'high risk' where:"))
    psup.task("t_pol_command", "Immediate deployment; senior command approves lines and staffing",
              duty="police_investigation", time=tri("PT30M", "PT1H", "PT2H"), citation=[
                  cite(S3, "a member of the senior management team or similar command level "
                           "must be involved in the examination of initial enquiry lines",
                       "must"),
                  cite(S3, "The high risk category requires the immediate deployment of police "
                           "resources.")])
    psup.task("t_pol_notify_high", "Notify UK Missing Persons Bureau and LA children's services",
              duty="share_information", time=tri("PT10M", "PT20M", "PT40M"), citation=cite(
                  S3, "The UK Missing Persons Bureau should be notified of the case immediately "
                      "and local authority Children/Young People's services should also be "
                      "notified.", "should"))
    psup.task("t_pol_media", "Media strategy (publicity led by the police)", duty="publicity",
              time=tri("PT30M", "PT1H", "PT2H"), citation=[
                  cite(S3, "There should be a media strategy and / or close contact with outside "
                           "agencies.", "should"),
                  cite(S64, "Any publicity will be led by the police")])
    pcr.task("t_pol_absent", "Record as Absent; agree review times and actions with the Home",
             duty="police_review_risk", time=tri("PT15M", "PT30M", "PT1H"), citation=cite(
                 S3, "the details will be recorded by the police, who will also agree review "
                     "times and any on-going actions with the Home or other person reporting"))
    pcr.gateway("g_pol_recat", "Information introduces risk?", citation=cite(S3, Q_MONITOR))
    psup.task("t_pol_recat", "Re-categorise as Missing; start an investigation",
              duty="police_review_risk", time=tri("PT15M", "PT30M", "PT1H"), citation=[
                  cite(S3, "the case may be re-categorised as 'Missing' and a police "
                           "investigation started", "may"),
                  cite(S3, "Police Risk Assessments should take account of those situations "
                           "and may need to change the category to Missing", "should")])
    poff.gateway("j_pol_investigate", "Investigate", citation=cite(S3, Q_INVESTIGATE))
    poff.task("t_pol_search", "Proactive investigation and search; liaise with the authorities",
              duty="police_investigation", time=tri("PT2H", "PT6H", "PT24H"), citation=[
                  cite(S3, Q_INVESTIGATE),
                  cite(S64, "regular liaison and communication should take place between the "
                            "police, the responsible local authority", "should")])
    poff.gateway("j_pol_wait", "Awaiting return", citation=cite(S65, Q_INFORM, "should"))
    poff.catch("c_pol_return", "Home says the child has returned",
               citation=cite(S65, Q_INFORM, "should"))
    poff.task("t_pol_safe_well", "Safe and well check", duty="safe_and_well_check",
              time=tri("PT30M", "PT1H", "PT2H"), citation=cite(
                  S65, "Safe and well checks are carried out by the police as soon as possible "
                       "after the child/young person has returned."))
    poff.end("e_pol", "Safe and well check done", citation=cite(
        S65, "Their purpose is to check for any indications that the child/young person has "
             "suffered harm"))

    b.flow("ps_report", "t_pol_assess")
    b.flow("t_pol_assess", "g_pol_grade")
    b.flow("g_pol_grade", "t_pol_command", name="high risk",
           condition='not whereabouts_known and risk == "high"', citation=cite(
               S3, "The risk posed is immediate and there are substantial grounds for believing "
                   "that the child/young person is in danger through their own vulnerability"))
    b.flow("g_pol_grade", "j_pol_investigate", name="medium risk",
           condition='not whereabouts_known and risk in ["low", "medium"]', citation=cite(
               S3, "A Missing child/young person incident would be prioritised as 'medium risk' "
                   "where the risk posed is likely to place the subject in danger"))
    b.flow("g_pol_grade", "t_pol_absent", name="Absent, or whereabouts known", default=True,
           citation=cite("2. Definitions", "A person is not at a place where they are expected "
                                           "or required to be (and there is no apparent risk)"))
    b.chain("t_pol_command", "t_pol_notify_high", "t_pol_media", "j_pol_investigate")
    b.chain("t_pol_absent", "g_pol_recat")
    b.flow("g_pol_recat", "t_pol_recat", name="risk comes to light",
           condition='decision == "recategorised"', probability=0.2, citation=cite(
               S3, "Where information comes to light which introduces any risk to that person, "
                   "then the case may be re-categorised as 'Missing'", "may"))
    b.flow("g_pol_recat", "j_pol_wait", name="no change", default=True,
           citation=cite(S3, Q_MONITOR))
    b.chain("t_pol_recat", "j_pol_investigate")
    b.chain("j_pol_investigate", "t_pol_search", "j_pol_wait", "c_pol_return", "t_pol_safe_well",
            "e_pol")

    # ===================================================================== placing authority
    sw.start("ls_notified", "Home notifies the placing authority", event="message",
             citation=cite(S64, "The authority responsible for the child's/young person's "
                                "placement"))
    sw.task("t_la_strategy", "Agree an immediate strategy and action plan with the police",
            duty="strategy_discussion", side="responsible", time=tri("PT30M", "PT1H", "PT2H"),
            citation=cite(S64, "they should agree an immediate strategy for locating the "
                               "child/young person and an action plan", "should"))
    sw.task("t_la_inform_iro", "Inform the IRO of the episode", duty="notify_iro",
            side="responsible", time=tri("PT5M", "PT10M", "PT30M"), citation=cite(
                S4, "Independent Reviewing Officers (IROs) should be informed by the responsible "
                    "local authority about missing/ absent episodes", "should"))
    sw.gateway("g_la_ooa", "Placed out of area?", citation=cite(
        "6.2 Out of Area Placements",
        "If Children/Young People placed out of their local authority area runs away"))
    sw.task("t_la_notify_host", "Notify the host authority", duty="notify_host_authority",
            kind="sendTask", side="responsible", time=tri("PT10M", "PT20M", "PT45M"),
            citation=[cite(S4, Q_NOTIFY_PROCESS, "should"),
                      cite("6.2 Out of Area Placements",
                           "it is essential that liaison between the police and professionals in "
                           "both authorities is well managed and coordinated")])
    sw.gateway("j_la_ooa", "Notifications done", citation=cite(
        "6.2 Out of Area Placements", "this Missing protocol should be followed", "should"))
    sw.task("t_la_mfc_meeting", "Missing from care meeting (police, social worker, provider)",
            duty="strategy_meeting", time=tri("PT1H", "PT1H30M", "PT3H"),
            deadlines=[dict(name="Missing from care meeting within 3 days",
                            anchor="ls_notified", limit="P3D", calendar="clock",
                            modality="should")],
            citation=[cite(S64, Q_3DAYS, "should"),
                      cite(S64, "The action plan and risk assessment should be reviewed and "
                                "updated.", "should"),
                      cite(S64, "the use of harbouring notices etc. will be agreed at the "
                                "missing from care meeting")])
    sw.gateway("j_la_wait", "Still missing", citation=cite(S64, Q_MONTHLY, "should"))
    sw.gateway("g_la_wait", "Returned, or a month passes?", kind="event",
               citation=cite(S64, Q_MONTHLY, "should"))
    sw.timer("tm_la_monthly", "A month passes", duration="P1M", calendar="clock",
             citation=cite(S64, Q_MONTHLY, "should"))
    sw.task("t_la_mfc_review", "Monthly missing from care meeting: update the action plan",
            duty="review_strategy_meeting", time=tri("PT1H", "PT1H30M", "PT3H"),
            citation=cite(S64, Q_MONTHLY, "should"))
    sw.catch("c_la_return", "Home says the child has returned",
             citation=cite(S65, Q_INFORM, "should"))
    sw.task("t_la_offer_rhi", "Offer the independent return interview",
            duty="offer_return_interview", kind="sendTask", side="responsible",
            time=tri("PT15M", "PT30M", "PT1H"),
            deadlines=[dict(name="Return interview offered within 72 hours of return",
                            anchor="c_home_return", limit="PT72H", calendar="clock",
                            modality="should", side="responsible")],
            citation=[cite(S65, Q_RLA_RHI, "should"), cite(S65, Q_72H, "should")])
    sw.gateway("g_la_rhi", "Child takes up the interview?", citation=cite(
        S65, "The child/young person should be seen on their own unless they specifically "
             "request to have someone with them.", "should"))
    rhi.task("t_rhi", "Independent return interview (child seen alone)",
             duty="return_interview", side="responsible", time=tri("PT1H", "PT1H30M", "PT3H"),
             deadlines=[dict(name="Return interview provided within 72 hours of return",
                             anchor="c_home_return", limit="PT72H", calendar="clock",
                             modality="should", side="responsible")],
             citation=[cite(S65, "The independent return review is an in-depth interview and "
                                 "should be carried out by an independent professional",
                            "should"),
                       cite(S65, Q_72H, "should"),
                       cite(S4, Q_SEEN_ALONE, "must")])
    rhi.task("t_rhi_inform_iro", "Inform the IRO of the interview", duty="share_return_interview",
             side="responsible", time=tri("PT10M", "PT20M", "PT40M"),
             citation=cite(S65, "The IRO should be informed.", "should"))
    sw.task("t_la_known_person", "Child talks to the staff member or social worker they prefer",
            duty="return_interview", side="responsible", time=tri("PT45M", "PT1H", "PT2H"),
            citation=[cite(S4, "the Home must work with the placing authority (child's/young "
                               "person's social worker) to create a strategy to keep the "
                               "child/young person safe in future.", "must"),
                      cite(S4, "has expressed a preference to talk to them, rather than an "
                               "independent person, about the reasons they went missing")])
    sw.task("t_la_carer_info", "Offer parents and carers the chance to give information",
            duty="share_information", time=tri("PT15M", "PT30M", "PT1H"), citation=cite(
                S65, "parents and/or carers should be offered the opportunity to provide any "
                     "relevant information and intelligence they may be aware of.", "should"))
    sw.gateway("j_la_rhi", "Interview stage done", citation=cite(
        "6.5 Once the Child/young person Returns Home — Follow up",
        "To build up a comprehensive picture of why the child/young person went missing"))
    sw.task("t_la_follow_up", "Multi-agency follow-up; is the placement still appropriate?",
            duty="action_plan", side="responsible", time=tri("PT1H", "PT2H", "PT4H"),
            citation=[cite(S65, "police, Home and other agencies involved with the child/young "
                                "person should work together to assess the child/young person",
                           "should"),
                      cite(S64, "The authority responsible for the child/young person should "
                                "ensure that plans are in place to respond promptly once the "
                                "child/young person is found", "should"),
                      cite(S64, "for determining if the placement remains appropriate")])
    sw.gateway("g_la_stat_review", "Statutory review required?",
               citation=cite(S65, Q_STAT_REVIEW))
    iro.task("t_iro_review", "Statutory review addresses the episode", duty="placement_review",
             side="responsible", time=tri("PT1H", "PT2H", "PT3H"), citation=[
                 cite(S4, "they should address these in statutory reviews", "should"),
                 cite(S4, "Statutory reviews should consider any absences and revise strategies "
                          "to prevent repeat absences", "should")])
    sw.gateway("j_la_end", "Follow-up done", citation=cite(S65, Q_STAT_REVIEW))
    sw.end("e_la", "Follow-up complete", citation=cite(
        S65, "This should help to prevent further instances of the child/young person running "
             "away"))

    b.flow("ls_notified", "t_la_strategy")
    b.chain("t_la_strategy", "t_la_inform_iro", "g_la_ooa")
    b.flow("g_la_ooa", "t_la_notify_host", name="out of area", condition="out_of_area",
           citation=cite(S4, Q_NOTIFY_PROCESS, "should"))
    b.flow("g_la_ooa", "j_la_ooa", name="in area", default=True, citation=cite(
        "6.2 Out of Area Placements", "this Missing protocol should be followed", "should"))
    b.chain("t_la_notify_host", "j_la_ooa")
    b.chain("j_la_ooa", "t_la_mfc_meeting", "j_la_wait", "g_la_wait")
    b.chain("g_la_wait", "tm_la_monthly", "t_la_mfc_review", "j_la_wait")
    b.chain("g_la_wait", "c_la_return", "t_la_offer_rhi", "g_la_rhi")
    b.flow("g_la_rhi", "t_rhi", name="interview accepted", condition='decision == "accepted"',
           probability=0.65, citation=cite(S4, Q_SEEN_ALONE, "must"))
    b.flow("g_la_rhi", "t_la_known_person", name="prefers a known person",
           condition='decision == "prefers_known_person"', probability=0.1, citation=cite(
               S4, "An exception maybe where a child/young person has a strong relationship with "
                   "a member of staff or their social worker"))
    b.flow("g_la_rhi", "t_la_carer_info", name="refuses to engage", default=True,
           citation=cite(S65, "Where Children/Young People refuse to engage with the "
                              "interviewer"))
    b.chain("t_rhi", "t_rhi_inform_iro", "j_la_rhi")
    b.chain("t_la_known_person", "j_la_rhi")
    b.chain("t_la_carer_info", "j_la_rhi")
    b.chain("j_la_rhi", "t_la_follow_up", "g_la_stat_review")
    b.flow("g_la_stat_review", "t_iro_review", name="review required",
           condition='decision == "review_required"', probability=0.3, citation=cite(
               S4, "Statutory reviews should consider any absences and revise strategies to "
                   "prevent repeat absences", "should"))
    b.flow("g_la_stat_review", "j_la_end", name="no review", default=True,
           citation=cite(S65, Q_STAT_REVIEW))
    b.chain("t_iro_review", "j_la_end", "e_la")

    # ===================================================================== host authority
    hfd.start("hs_notified", "Told of the episode (out-of-area placement)", event="message",
              citation=cite(S4, Q_NOTIFY_PROCESS, "should"))
    hfd.task("t_host_liaise", "Liaise with the police and the responsible authority",
             duty="share_information", side="host", time=tri("PT30M", "PT1H", "PT3H"),
             citation=[cite(S64, "regular liaison and communication should take place between "
                                 "the police, the responsible local authority", "should"),
                       cite(S64, "the responsible local authority children's/young people’s "
                                 "social care services and the host authority (if an out of "
                                 "area placement)")])
    hfd.end("e_host", "Liaison done", citation=cite(
        "6.2 Out of Area Placements", "It is possible that the child/young person will return "
                                      "to the area of the responsible authority"))
    b.chain("hs_notified", "t_host_liaise", "e_host")

    # ===================================================================== message flows
    b.message("p_child", "c_home_return", "Child returns or is found", flow_id="mf_child_return",
              citation=cite(S65, "when a child/young person returns after such an event"))
    b.message("t_report_police", "ps_report", "Missing / absence report", flow_id="mf_report",
              citation=cite(S64, "The local police;", "should"))
    b.message("t_notify_placing", "ls_notified", "Missing notification",
              flow_id="mf_notify_placing",
              citation=cite(S64, "The authority responsible for the child's/young person's "
                                 "placement", "should"))
    b.message("t_inform_police_return", "c_pol_return", "Child has returned",
              flow_id="mf_return_police", citation=cite(S65, Q_INFORM, "should"))
    b.message("t_inform_sw_return", "c_la_return", "Child has returned",
              flow_id="mf_return_sw", citation=cite(S65, Q_INFORM, "should"))
    b.message("t_la_offer_rhi", "c_rhi_offered", "Return interview offered",
              flow_id="mf_rhi_offer", citation=cite(S65, Q_72H, "should"))
    b.message("t_la_notify_host", "hs_notified", "Episode notification", flow_id="mf_host",
              citation=cite(S4, Q_NOTIFY_PROCESS, "should"))

    # ===================================================================== omissions
    b.omit(S3, "powers under Section 46(1) of the Children/Young People "
               "Act 1989 to remove a child/young person into police protection, for up to 72 "
               "hours",
           "Not encoded: the upper limit of a police power (police protection), not a step or "
           "timescale of the missing-episode response.")
    b.omit("5. Specific Risks — Trafficking",
           "with most going "
           "missing within one week of becoming looked after and many within 48 hours.",
           "Not encoded: background statistic on when trafficked children tend to go missing, "
           "not a duty; it informs planning before any episode.")
    b.omit(S65, "Has been reported missing on two or more occasions;",
           "AMBIGUOUS: the list says when it is 'especially important' that the return interview "
           "takes place but gives no window for the two or more occasions (ever? this "
           "placement?) and no different duty: the interview is already due after every return "
           "within 72 hours (t_la_offer_rhi, t_rhi), so no episodes_in trigger is encoded.")
    b.omit("6.6 Children/Young People who are Foreign Nationals and go Missing",
           "The Home Office must maintain regular weekly contact with the local authority and "
           "the police until the child/young person is found",
           "Not encoded: a Home Office duty for foreign national children 'subject to "
           "restriction' (with the local authority notifying the Home Office Evidence and "
           "Enquiry Unit); the Home Office is not a pool of this model and no catalogue attribute "
           "marks immigration restriction.")
    b.omit(S64, "It is clearly important that a deadline is set at the outset of these initial "
                "checks",
           "SILENT: no length is given for the preliminary checks ('What timeframe is reasonable "
           "should be based on an assessment of the risks'); the checks are one task "
           "(t_checks) with no timer.")
    b.omit(S64, "If these initial checks do not succeed in locating the child/young person",
           "Not encoded: an episode the preliminary checks resolve never reaches the police; the "
           "model's episode is one where the checks fail, and the child's return is the one "
           "world event (received by the Home).")
    b.omit(S61, Q_IMMEDIATE,
           "AMBIGUOUS: the Home's judgement of 'immediate serious risk' is not defined; encoded "
           "as risk == \"high\" (the police high-risk definition in section 3 uses the same words, "
           "'The risk posed is immediate').")
    b.omit(S63, "there is a concern the child/young person may be at significant risk of harm "
                "to themselves or to others then police should also be notified",
           "AMBIGUOUS: 6.3 has the police told of a child away without authorisation only on a "
           "significant-risk concern, but the 6.4 contact list names the local police for every "
           "child 'missing or ... away from placement without authorisation'; encoded the 6.4 "
           "list literally (the police are contacted on every path, t_report_police).")
    b.omit(S3, Q_ALL_MED_HIGH,
           "AMBIGUOUS: there is no low-risk category for a missing child; a child graded 'low' "
           "is routed with medium (g_pol_grade), and 'no apparent risk' is Absent.")
    b.omit(S3, "who will also agree review times and any on-going actions with the Home",
           "SILENT: no interval is given for the police reviews of an Absent case ('regular "
           "reviews'); one review with a chance of re-categorisation as Missing is encoded "
           "(g_pol_recat), with no review timer.")
    b.omit(S64, Q_DAILY,
           "SILENT: who makes the daily contact attempts is not said (they are part of the "
           "social worker and police action plan); encoded as a daily cycle in the home staff "
           "lane (tm_daily, t_daily_contact). The IRO's own attempt to contact the child "
           "('The Independent Reviewing Officer (IRO) should also try and contact') is not a "
           "separate task.")
    b.omit(S64, Q_3DAYS,
           "SILENT: the 3 days have no stated starting point, no convenor and no rule for a "
           "child who returns first; encoded literally: held in every episode within 3 days of "
           "the placing authority being notified (deadline on t_la_mfc_meeting, anchor "
           "ls_notified), in the social worker's lane, with no side.")
    b.omit(S65, "Police (unless they returned the child/young person)",
           "Not encoded: the model has one return event, received by the Home; the Home always "
           "tells the police so that the safe and well check follows on every path.")
    b.omit(S65, "it may not be practical for the police to see them every time they return",
           "SILENT: 'frequently' has no threshold and the frequency of checks is left to the "
           "police and the Home; every return gets a safe and well check in the model.")
    b.omit("6.5 Once the Child/young person Returns Home — Repeat Running Away",
           "If a child/young person continually runs away actions following earlier incidents "
           "need reviewing and alternative strategies should be considered.",
           "SILENT: 'continually' has no count or window, so no repeat-review trigger "
           "(episodes_in) is encoded.")
    b.omit(S65, Q_CHALLENGE,
           "AMBIGUOUS: no time is given for deciding that an interview 'is not offered or "
           "arranged'; encoded as 72 hours after the return without an offer (the interview's own "
           "limit), the challenge repeating every further 72 hours until the offer arrives "
           "(tm_rhi_not_offered, t_challenge).")
    b.omit(S4, Q_SEEN_ALONE,
           "AMBIGUOUS: section 4 says the child 'must be seen alone by an independent person', "
           "6.5 says the interview 'should be' carried out and offered within 72 hours; the "
           "72-hour deadlines carry 'should' (the sentence that states the limit), the accepted "
           "branch cites the 'must'.")
    b.omit(S65, "Should there be any suspicion that the absent without consent episode is linked "
                "to an abusive incident",
           "Not encoded: invokes a separate procedure (Safeguarding Children and Young People "
           "and Referring Safeguarding Concerns).")
    b.omit("6.2 Out of Area Placements",
           "in addition to complying with other processes that are specified in the Missing "
           "policy of the host local authority",
           "SILENT: the host authority's own processes, and the responsible authority's care-plan "
           "processes the Home must also follow, are not stated; who tells the host of an "
           "episode is left to a locally agreed notification process, encoded as the placing "
           "authority (t_la_notify_host).")
    b.omit(S4, "All Children/Young People must have a Placement Plan which takes account of any "
               "likely risk of the child/young person going missing.",
           "Not encoded: planning before any episode (placement plan, pre-incident risk "
           "assessment, notification of the placement to the host and police) precedes the "
           "missing episode the model covers.")
    return b


def main() -> None:
    build().write(OUT)
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
