"""Somerset (Avon and Somerset Constabulary): Children Missing from Home or Care in Somerset.

Writes ``models/protocols/somerset.bpmn``; run ``python -m models.drafting.somerset``.

Every element cites the document (003_5b004b400d0de97a.txt, published November 2024) by its own
headings. Quotes are verbatim, including the document's ``**bold**`` markers around timescales.
Processing times are assumptions: the document states none.
"""

from __future__ import annotations

from pathlib import Path

from models.authoring import ModelBuilder, cite

DOC = "003_5b004b400d0de97a.txt"
OUT = Path(__file__).resolve().parents[1] / "protocols" / "somerset.bpmn"

# Section names: the document's own headings (it has no numbering).
PURPOSE = "Purpose of the protocol"
DEFS = "Definitions"
REPORT = "Reporting the child as missing"
RISK = "Risk assessment"
REPEAT = "Children who are at risk of going missing or who repeatedly go missing"
RETURN = "Returning children and follow up interviews"
TIME = "Timescales"
ESC = "Timescales: Case Escalation"
MEDIA = "Use of public media"
LONG = "Longer absences"
MON = "Monitoring and review"

OPEN = "child_in_need or looked_after or child_protection_plan"  # open to CSC social work


def tri(lo: str, mode: str, hi: str) -> tuple[str, str, str, str]:
    return ("TriangularDistribution", lo, mode, hi)


def build() -> ModelBuilder:
    b = ModelBuilder("somerset", authority="Somerset", document=DOC)

    # ------------------------------------------------------------------ pools and lanes
    b.black_box("p_child", "Child", citation=cite(
        PURPOSE, "Children who go missing from home or care may be at risk of harm."))

    carer_pool = b.pool("p_carer", "Parent, carer or care provider", citation=cite(
        RISK, "It is the responsibility of parents and carers to determine the whereabouts of "
              "their children and secure their safe return wherever this is possible."))
    carer = carer_pool.lane("l_carer", "Parent / carer / care provision staff", role="carer",
                            citation=cite(DEFS, "the parents or carers (including care provision "
                                                "staff) will be asked to carry out some checks"))

    police_pool = b.pool("p_police", "Avon and Somerset Constabulary", citation=cite(
        LONG, "A missing child/young person should be notified to the Police National Missing "
              "Person's Bureau as per Avon and Somerset Constabulary policy."))
    control = police_pool.lane("l_control", "Police call handling (initial details)",
                               role="police_control_room", citation=cite(
                                   RISK, "Police will undertake a risk assessment of the child as "
                                         "a part of taking the initial details."))
    inspector = police_pool.lane("l_inspector", "Duty Police Inspector / senior police officers",
                                 role="police_supervisor", citation=cite(
                                     TIME, "The duty Police Inspector will determine and / or "
                                           "confirm the Missing or Absent status and allocate "
                                           "resources as appropriate."))
    officer = police_pool.lane("l_officer", "Police officers", role="police_officer",
                               citation=cite(RETURN, "When the child is found, the Police will "
                                                     "undertake a **Safe and Well Check**"))

    la_pool = b.pool("p_la", "Somerset Children's Social Care", citation=cite(
        RETURN, "All missing children will have a record in the CSC case management system "
                "(LCS/EHM), showing the actions taken to support the child"))
    sd = la_pool.lane("l_sd", "Somerset Direct", role="front_door", citation=cite(
        RETURN, "When a child is reported as **missing**, the police will inform Somerset Direct"))
    sw = la_pool.lane("l_sw", "Allocated social worker", role="social_worker", citation=cite(
        RETURN, "Where a child is open to a Social Worker, LCS will also be used to record the "
                "Social Work response to the missing episode(s)"))
    sm = la_pool.lane("l_sm", "CLA Operations Manager / Head of Service / Director of Children's "
                              "Services", role="senior_manager", citation=cite(
                                  LONG, "the Director of Children's Services, or nominated senior "
                                        "manager, should formally review all cases"))
    edt = la_pool.lane("l_edt", "Emergency Duty Team", role="emergency_duty_team", citation=cite(
        RETURN, "Police will liaise with Children's Social Care or the Emergency Duty Team if out "
                "of hours to agree actions"))

    pmex_pool = b.pool("p_pmex", "Preventing Missing and Exploitation team (PMEX)", citation=cite(
        RETURN, "Somerset Direct who will contact the Preventing Missing and Exploitation team "
                "(PMEX) to arrange the Return Home Interview (RHI)."))
    pmex = pmex_pool.lane("l_pmex", "PMEX worker", role="return_interview_provider",
                          citation=cite(RETURN, "The RHI will be undertaken by a worker who is not "
                                                "the parent or (usually) professional carer."))
    pmgr = pmex_pool.lane("l_pmex_mgr", "PMEX line manager", role="team_manager", citation=cite(
        RETURN, "the outcome is seen swiftly by a line manager to determine any further actions "
                "which may be required."))

    # ------------------------------------------------------------------ carer
    carer.start("c_start", "Child not where expected", citation=cite(
        DEFS, "a child is not at a place where they are expected or required to be"))
    carer.task("c_checks", "Basic checks on safety and whereabouts (Philomena Protocol)",
               duty="locate_child", time=tri("PT15M", "PT1H", "PT2H"), citation=[
                   cite(REPORT, "basic checks on their safety and whereabouts should be made "
                                "before consideration of a missing report being made to the "
                                "police.", "should"),
                   cite(TIME, "if whereabouts are unknown or high risk identified, the missing "
                              "child must be reported to the police.", "must")])
    carer.task("c_report", "Report to police with the child's details", kind="sendTask",
               duty="report_missing", time=tri("PT10M", "PT20M", "PT45M"), citation=[
                   cite(REPORT, "Missing children must be reported to the police as soon as the "
                                "concern is raised (related to age / understanding / "
                                "vulnerability).", "must"),
                   cite(RISK, "Parents and carers must provide clear information about the "
                              "child's vulnerability and circumstances", "must")])
    carer.gateway("c_oa_gw", "Somerset child residing in another area?", citation=cite(
        TIME, "If a Somerset child is residing in another area and goes missing, their care "
              "provider should notify Somerset Children's Social Care."))
    carer.task("c_notify_som", "Care provider notifies Somerset Children's Social Care",
               duty="notify_placing_authority", time=tri("PT5M", "PT15M", "PT30M"),
               citation=cite(TIME, "their care provider should notify Somerset Children's Social "
                                   "Care.", "should"))
    carer.gateway("c_oa_j", "Merge", citation=cite(
        TIME, "If a Somerset child is residing in another area and goes missing"))
    carer.end("c_end", "Reported; carer works with police", citation=cite(
        RISK, "Parents and carers must provide clear information about the child's vulnerability "
              "and circumstances (see section above) to assist the police"))
    b.chain("c_start", "c_checks", "c_report", "c_oa_gw")
    b.flow("c_oa_gw", "c_notify_som", name="Yes", condition="looked_after and out_of_area",
           citation=cite(TIME, "If a Somerset child is residing in another area and goes missing"))
    b.flow("c_oa_gw", "c_oa_j", name="No", default=True, citation=cite(
        TIME, "their care provider should notify Somerset Children's Social Care."))
    b.chain("c_notify_som", "c_oa_j", "c_end")

    # ------------------------------------------------------------------ police
    control.start("p_start", "Missing / absent report received", event="message", citation=cite(
        REPORT, "The parent or carer / care provision who notifies the police should make "
                "available:"))
    control.task("p_assess", "Take initial details and risk assessment",
                 duty="police_risk_assessment", time=tri("PT15M", "PT30M", "PT1H"), citation=cite(
                     RISK, "Police will undertake a risk assessment of the child as a part of "
                           "taking the initial details."))
    inspector.task("p_status", "Duty Inspector determines / confirms Missing or Absent status",
                   duty="police_review_risk", time=tri("PT10M", "PT20M", "PT1H"), citation=cite(
                       TIME, "The duty Police Inspector will determine and / or confirm the "
                             "Missing or Absent status and allocate resources as appropriate."))
    inspector.gateway("p_grade", "Missing or absent?", citation=cite(
        DEFS, "the following categories are used."))
    # absent
    control.task("p_abs_ask", "Absent: carers asked to carry out checks (no police deployment)",
                 duty="share_information", time=tri("PT5M", "PT10M", "PT20M"), citation=cite(
                     DEFS, "Instead, the parents or carers (including care provision staff) will "
                           "be asked to carry out some checks on where the child is."))
    control.gateway("p_abs_wait", "Absent: await return or further report", kind="event",
                    citation=cite(TIME, "For absent children, a police report should be made when "
                                        "all attempts to contact the child have been exhausted"))
    control.catch("p_abs_ret", "Absent child returns", citation=cite(
        DEFS, "a child is not at a place where they are expected or required to be but are not "
              "considered to be at apparent risk."))
    control.catch("p_abs_rereport", "Attempts exhausted or significant risk: reported missing",
                  event="conditional", condition="not whereabouts_known or exploitation_risk",
                  citation=cite(TIME, "a police report should be made when all attempts to "
                                      "contact the child have been exhausted, or where significant "
                                      "risk is evidenced", "should"))
    control.end("p_abs_end", "Absent episode ends", citation=cite(
        DEFS, "not considered to be at apparent risk"))
    # missing
    control.gateway("p_m_merge", "Missing", citation=cite(
        DEFS, "Missing (from home or care) when their whereabouts cannot be established"))
    control.task("p_notify_sd", "Inform Somerset Direct", kind="sendTask",
                 duty="notify_social_worker", time=tri("PT5M", "PT15M", "PT30M"), citation=cite(
                     RETURN, "When a child is reported as **missing**, the police will inform "
                             "Somerset Direct"))
    control.task("p_pnc", "Notify Missing Person's Bureau; circulate on Police National Computer",
                 duty="share_information", time=tri("PT5M", "PT15M", "PT30M"), citation=[
                     cite(LONG, "A missing child/young person should be notified to the Police "
                                "National Missing Person's Bureau as per Avon and Somerset "
                                "Constabulary policy.", "should"),
                     cite(LONG, "All missing reports are also circulated on the Police National "
                                "Computer.")])
    inspector.gateway("p_media_gw", "Media appeal for a medium-risk child?", citation=cite(
        MEDIA, "If the child is deemed medium risk and a medial appeal is thought to be of "
               "benefit"))
    inspector.task("p_media", "Chief Inspector authorises media appeal (with those with PR)",
                   duty="publicity", time=tri("PT30M", "PT1H", "PT2H"), citation=[
                       cite(MEDIA, "this needs to be authorised by a Chief Inspector.", "must"),
                       cite(MEDIA, "A decision to publicise by press or television will always be "
                                   "made in consultation with those who have Parental "
                                   "Responsibility.")])
    inspector.gateway("p_media_j", "Merge", citation=cite(
        MEDIA, "It is for the Police to advise the media regarding a child missing from the care "
               "of the local authority."))
    officer.task("p_search", "Search and enquiries until found; agree actions with carers",
                 kind="receiveTask", duty="police_investigation",
                 time=tri("PT1H", "PT2H", "PT4H"), citation=[
                     cite(TIME, "allocate resources as appropriate."),
                     cite(RETURN, "Parent, carers and the police should agree actions in respect "
                                  "of the safe return of the child", "should"),
                     cite(TIME, "Police and carers and parents should agree to communicate "
                                "regularly during the Missing or Absent period", "should")])
    officer.boundary("p_t14", "Missing 14 days", attached_to="p_search", duration="P14D",
                     calendar="clock", citation=cite(
                         ESC, "If a child is missing for **14 days**, a further multi-agency "
                              "strategy discussion should be held, convened by the Reviewing "
                              "Detective Inspector", "should"))
    inspector.task("p_14d", "Reviewing DI convenes 14-day multi-agency strategy discussion",
                   duty="strategy_discussion", time=tri("PT1H", "PT2H", "PT3H"), citation=[
                       cite(ESC, "convened by the Reviewing Detective Inspector, attended by "
                                 "Children's Social Care Operations Manager and Head of Service",
                            "should"),
                       cite(ESC, "these senior officers should reach a clear position about the "
                                 "actions being taken in respect of the child", "should")])
    officer.catch("p_found2", "Search continues: child found (after 14 days)", citation=cite(
        LONG, "All Police missing person's files will remain \"live\" until the person is traced"))
    officer.gateway("p_found_j", "Found", citation=cite(
        RETURN, "When the child is found"))
    officer.task("p_sw", "Safe and Well Check; decide if safe to return home / placement",
                 duty="safe_and_well_check", time=tri("PT30M", "PT1H", "PT2H"), citation=cite(
                     RETURN, "the Police will undertake a **Safe and Well Check** and decide if it "
                             "is safe to return the child to their home or placement."))
    officer.gateway("p_safe_gw", "Safe to return?", citation=cite(
        RETURN, "decide if it is safe to return the child to their home or placement."))
    officer.task("p_liaise", "Not safe: liaise with CSC / EDT to agree actions", kind="sendTask",
                 duty="share_information", time=tri("PT15M", "PT30M", "PT1H"), citation=cite(
                     RETURN, "Where it is not considered safe, Police will liaise with Children's "
                             "Social Care or the Emergency Duty Team if out of hours to agree "
                             "actions"))
    control.task("p_refer", "Refer to Somerset Direct for the Return Home Interview",
                 kind="sendTask", duty="share_information", time=tri("PT5M", "PT15M", "PT30M"),
                 citation=cite(RETURN, "The police will refer to Somerset Direct who will contact "
                                       "the Preventing Missing and Exploitation team (PMEX) to "
                                       "arrange the Return Home Interview (RHI)."))
    officer.end("p_end_unsafe", "Police liaison with CSC / EDT done", citation=cite(
        RETURN, "to agree actions and if appropriate find alternative provision"))
    officer.task("p_close", "Missing person file closed: child traced", duty="closure",
                 time=tri("PT5M", "PT15M", "PT30M"), citation=cite(
                     LONG, "All Police missing person's files will remain \"live\" until the "
                           "person is traced"))
    officer.end("p_end", "Police episode closed", citation=cite(
        LONG, "until the person is traced"))
    b.chain("p_start", "p_assess", "p_status", "p_grade")
    b.flow("p_grade", "p_abs_ask", name="Absent", condition='risk in ["absent", "no_apparent_risk"]',
           citation=cite(DEFS, "not considered to be at apparent risk."))
    b.flow("p_grade", "p_m_merge", name="Missing", default=True, citation=cite(
        DEFS, "the context suggests that the person may be subject to crime or is at risk from "
              "themselves or others."))
    b.chain("p_abs_ask", "p_abs_wait")
    b.flow("p_abs_wait", "p_abs_ret", citation=cite(
        DEFS, "not considered to be at apparent risk."))
    b.flow("p_abs_wait", "p_abs_rereport", citation=cite(
        TIME, "where significant risk is evidenced regarding the child's known whereabouts to be "
              "unsafe."))
    b.chain("p_abs_ret", "p_abs_end")
    b.chain("p_abs_rereport", "p_m_merge")
    b.chain("p_m_merge", "p_notify_sd", "p_pnc", "p_media_gw")
    b.flow("p_media_gw", "p_media", name="Appeal", condition='risk == "medium" and decision == "appeal"',
           probability=0.2, citation=cite(MEDIA, "If the child is deemed medium risk and a medial "
                                                 "appeal is thought to be of benefit"))
    b.flow("p_media_gw", "p_media_j", name="No appeal", default=True, citation=cite(
        MEDIA, "It is for the Police to advise the media"))
    b.chain("p_media", "p_media_j", "p_search", "p_found_j")
    b.chain("p_t14", "p_14d", "p_found2", "p_found_j")
    b.chain("p_found_j", "p_close", "p_sw", "p_safe_gw")
    b.flow("p_safe_gw", "p_liaise", name="Not safe", condition='decision == "unsafe"', probability=0.1,
           citation=cite(RETURN, "Where it is not considered safe"))
    b.flow("p_safe_gw", "p_refer", name="Safe", default=True, citation=cite(
        RETURN, "decide if it is safe to return the child to their home or placement."))
    b.chain("p_liaise", "p_end_unsafe")
    b.chain("p_refer", "p_end")

    # ------------------------------------------------------------------ local authority
    sd.start("la_start", "Missing notification from police", event="message", citation=cite(
        RETURN, "When a child is reported as **missing**, the police will inform Somerset Direct"))
    sd.task("la_notify", "Notify allocated worker, or manage as safeguarding referral",
            duty="notify_social_worker", time=tri("PT15M", "PT30M", "PT1H"), citation=[
                cite(RETURN, "who will send a notification to any allocated Social Worker, Family "
                             "Intervention Service worker, Youth Justice worker"),
                cite(RETURN, "or manage the information as a safeguarding referral where there "
                             "is no allocated worker.")])
    sd.gateway("la_trig_gw", "Three or more episodes in 28 days?", citation=cite(
        REPEAT, "Where children go missing repeatedly (three or more occasions in a 28 day "
                "period)"))
    sw.task("la_trigger", "Consider a Trigger Plan; consider exploitation", duty="repeat_review",
            time=tri("PT1H", "PT2H", "PT4H"), citation=[
                cite(REPEAT, "Where children go missing repeatedly (three or more occasions in a "
                             "28 day period), consideration should be given to creating a Trigger "
                             "Plan", "should"),
                cite(REPEAT, "Exploitation (including Child Sexual Exploitation), should always be "
                             "considered.", "should")])
    sd.gateway("la_trig_j", "Merge", citation=cite(
        REPEAT, "to consider the risk of further episodes and how this can be reduced."))
    sd.gateway("la_split", "Escalation strands", kind="parallel", citation=cite(
        ESC, "Case Escalation"))
    # strand A: 24-hour strategy discussion and 24-hourly reviews (children open to CSC)
    sw.gateway("la_a_gw", "Open to CSC social work, FIS or Youth Justice?", citation=cite(
        ESC, "to agree actions to return any child who is open to CSC social work, FIS teams, or "
             "Youth Justice team"))
    sw.gateway("la_a_wait", "Await return or 24 hours", kind="event", citation=cite(
        ESC, "After **24 hours** of missing"))
    sw.catch("la_a_ret", "Child returned (within 24 hours)", citation=cite(
        ESC, "until the child is returned."))
    sw.timer("la_t24", "Missing 24 hours", duration="PT24H", calendar="clock", citation=[
        cite(ESC, "After **24 hours** of missing, a multi-agency strategy discussion including "
                  "Children's Social Care, Police, Education, Health and any other involved "
                  "agency must be convened", "must"),
        cite(TIME, "Somerset Children Looked After who are missing for more than **24 hours** "
                   "should be reported to the relevant CLA Operations Manager", "should")])
    sw.gateway("la_cla_gw", "Somerset Child Looked After?", citation=cite(
        TIME, "Somerset Children Looked After who are missing for more than **24 hours**"))
    sw.task("la_cla_rep", "Report to CLA Operations Manager; planning meetings as necessary",
            duty="notify_senior_manager", side="responsible", time=tri("PT10M", "PT20M", "PT1H"),
            citation=cite(TIME, "should be reported to the relevant CLA Operations Manager and "
                                "planning meetings will be convened as necessary.", "should"))
    sw.gateway("la_cla_j", "Merge", citation=cite(
        ESC, "This will be convened by agreement between the police and Children's Social Care."))
    sw.task("la_strat", "24-hour multi-agency strategy discussion (with police)",
            duty="strategy_discussion", time=tri("PT1H", "PT1H30M", "PT3H"), citation=[
                cite(ESC, "a multi-agency strategy discussion including Children's Social Care, "
                          "Police, Education, Health and any other involved agency must be "
                          "convened", "must"),
                cite(ESC, "This will be convened by agreement between the police and Children's "
                          "Social Care.")])
    sw.gateway("la_rev_m", "Review cycle", citation=cite(
        ESC, "There will be further review strategy discussions convened every **24 hours** until "
             "the child is returned."))
    sw.gateway("la_rev_wait", "Await return or next 24 hours", kind="event", citation=cite(
        ESC, "convened every **24 hours** until the child is returned."))
    sw.catch("la_rev_ret", "Child returned", citation=cite(
        ESC, "until the child is returned."))
    sw.timer("la_t24r", "A further 24 hours missing", duration="PT24H", calendar="clock",
             citation=cite(ESC, "There will be further review strategy discussions convened every "
                                "**24 hours** until the child is returned.", "must"))
    sw.task("la_rev", "Review strategy discussion", duty="review_strategy_meeting",
            time=tri("PT30M", "PT1H", "PT2H"), citation=cite(
                ESC, "There will be further review strategy discussions convened every **24 "
                     "hours** until the child is returned.", "must"))
    sw.gateway("la_a_j", "Strand A done", citation=cite(ESC, "until the child is returned."))
    # strand B: looked-after child: line manager, six-month senior review
    sw.gateway("la_b_gw", "Child Looked After?", citation=cite(
        TIME, "The Social Worker should notify their line manager of a Child Looked After who is "
              "missing as soon as this is known."))
    sw.task("la_sw_lm", "Notify line manager of the missing Child Looked After",
            duty="notify_team_manager", time=tri("PT5M", "PT10M", "PT30M"), citation=cite(
                TIME, "The Social Worker should notify their line manager of a Child Looked After "
                      "who is missing as soon as this is known.", "should"))
    sw.task("la_b_recv", "Case kept open on LCS until the child returns", kind="receiveTask",
            duty="record_episode", side="responsible", time=tri("PT5M", "PT10M", "PT30M"),
            citation=cite(LONG, "Whilst a Child Looked After remains missing, their case should "
                                "be identified as \"open\" on the Children's Social Care "
                                "database (LCS)", "should"))
    sw.boundary("la_t6m", "Missing six months", attached_to="la_b_recv", duration="P6M",
                calendar="clock", citation=cite(
                    LONG, "the Director of Children's Services, or nominated senior manager, "
                          "should formally review all cases where children have been absent for "
                          "six months or more", "should"))
    sm.task("la_6m", "Director of Children's Services formally reviews the case",
            duty="notify_senior_manager", side="responsible", time=tri("PT1H", "PT2H", "PT4H"),
            citation=cite(LONG, "should be satisfied about the actions taken to recover the child.",
                          "should"))
    sm.task("la_iro", "Share updates with IRO and CLA health team", duty="notify_iro",
            side="responsible", time=tri("PT10M", "PT20M", "PT1H"), citation=cite(
                LONG, "Relevant updates and information should also be shared with the child's "
                      "Independent Reviewing officer and the Child Looked After health team.",
                "should"))
    sw.gateway("la_b_j", "Strand B done", citation=cite(
        LONG, "Whilst a Child Looked After remains missing"))
    sd.gateway("la_join", "Strands joined", kind="parallel", citation=cite(
        ESC, "until the child is returned."))
    # after return
    sd.gateway("la_ref_wait", "Await police referral", kind="event", citation=cite(
        RETURN, "The police will refer to Somerset Direct"))
    sd.catch("la_ref", "Police referral for RHI", citation=cite(
        RETURN, "The police will refer to Somerset Direct who will contact the Preventing Missing "
                "and Exploitation team (PMEX)"))
    sd.catch("la_unsafe", "Police: not safe to return", citation=cite(
        RETURN, "Where it is not considered safe, Police will liaise with Children's Social Care "
                "or the Emergency Duty Team if out of hours"))
    sd.gateway("la_oh_gw", "Out of hours?", citation=cite(
        RETURN, "Children's Social Care or the Emergency Duty Team if out of hours"))
    edt.task("la_edt", "EDT agrees actions: alternative provision or services",
             duty="action_plan", time=tri("PT1H", "PT2H", "PT4H"), citation=cite(
                 RETURN, "if appropriate find alternative provision or put in place services to "
                         "safely maintain the home until day-services can re-engage."))
    sw.task("la_csc", "CSC agrees actions: alternative provision or services", duty="action_plan",
            time=tri("PT1H", "PT2H", "PT4H"), citation=cite(
                RETURN, "Police will liaise with Children's Social Care or the Emergency Duty Team "
                        "if out of hours to agree actions"))
    sd.gateway("la_ref_j", "Referral received", citation=cite(
        RETURN, "The police will refer to Somerset Direct"))
    sd.task("la_pmex", "Contact PMEX to arrange the Return Home Interview", kind="sendTask",
            duty="offer_return_interview", time=tri("PT10M", "PT20M", "PT1H"), citation=cite(
                RETURN, "Somerset Direct who will contact the Preventing Missing and Exploitation "
                        "team (PMEX) to arrange the Return Home Interview (RHI)."))
    sd.gateway("la_host_gw", "Placed in Somerset by another authority?", citation=cite(
        RETURN, "Where a child is placed in Somerset by another local authority"))
    sd.task("la_liaise_pa", "Liaise with placing authority's allocated worker on RHI actions",
            duty="share_information", side="host", time=tri("PT15M", "PT30M", "PT1H"),
            citation=cite(RETURN, "Somerset Direct will liaise with the allocated worker from the "
                                  "placing authority to decide these actions."))
    sd.gateway("la_host_j", "Merge", citation=cite(
        RETURN, "to decide these actions."))
    sw.gateway("la_open_gw", "Working with a social worker?", citation=cite(
        RETURN, "for all children who are working with a Social Worker at the time of going "
                "missing."))
    sw.task("la_contact", "Social work meaningful contact post return; record on LCS",
            duty="record_episode", time=tri("PT1H", "PT2H", "PT3H"), citation=cite(
                RETURN, "LCS will also be used to record the Social Work response to the missing "
                        "episode(s) and the Social Work meaningful contact post a return"))
    sw.gateway("la_cp_gw", "Child Looked After?", citation=cite(
        REPEAT, "Where a **Child Looked After** is at risk of going missing, or repeatedly goes "
                "missing, their Care Plan must reflect this"))
    sw.task("la_care_plan", "Care Plan reflects missing risk and risk management measures",
            duty="action_plan", side="responsible", time=tri("PT1H", "PT2H", "PT4H"),
            citation=cite(REPEAT, "their Care Plan must reflect this and include clear risk "
                                  "management measures, mitigating actions and resources required "
                                  "to prevent absconding.", "must"))
    sw.gateway("la_cp_j", "Merge", citation=cite(
        REPEAT, "This includes Unaccompanied Asylum-Seeking Children (UASC), who go or may go "
                "missing."))
    sd.catch("la_rhi_rcv", "RHI outcome recorded on LCS", citation=cite(
        RETURN, "Recording of RHIs is on the LCS case recording system."))
    sd.task("la_close", "Record actions on LCS/EHM and close the episode", duty="closure",
            time=tri("PT10M", "PT20M", "PT45M"), citation=cite(
                RETURN, "All missing children will have a record in the CSC case management "
                        "system (LCS/EHM), showing the actions taken to support the child"))
    sd.end("la_end", "Episode closed", citation=cite(
        RETURN, "showing the actions taken to support the child and or investigate further "
                "concerns."))

    b.chain("la_start", "la_notify", "la_trig_gw")
    b.flow("la_trig_gw", "la_trigger", name="3+ in 28 days", condition='episodes_in("P28D") >= 3', citation=cite(
        REPEAT, "three or more occasions in a 28 day period"))
    b.flow("la_trig_gw", "la_trig_j", name="No", default=True, citation=cite(
        REPEAT, "Where children go missing repeatedly"))
    b.chain("la_trigger", "la_trig_j", "la_split")
    b.flow("la_split", "la_a_gw", citation=cite(ESC, "After **24 hours** of missing"))
    b.flow("la_split", "la_b_gw", citation=cite(
        LONG, "Whilst a Child Looked After remains missing"))
    b.flow("la_a_gw", "la_a_wait", name="Open", condition=OPEN, citation=cite(
        ESC, "any child who is open to CSC social work, FIS teams, or Youth Justice team"))
    b.flow("la_a_gw", "la_a_j", name="Not open", default=True, citation=cite(
        ESC, "to agree actions to return any child who is open to CSC social work"))
    b.flow("la_a_wait", "la_a_ret", citation=cite(ESC, "until the child is returned."))
    b.flow("la_a_wait", "la_t24", citation=cite(ESC, "After **24 hours** of missing"))
    b.chain("la_a_ret", "la_a_j")
    b.chain("la_t24", "la_cla_gw")
    b.flow("la_cla_gw", "la_cla_rep", name="Looked after", condition="looked_after", citation=cite(
        TIME, "Somerset Children Looked After who are missing for more than **24 hours**"))
    b.flow("la_cla_gw", "la_cla_j", name="No", default=True, citation=cite(
        ESC, "any child who is open to CSC social work, FIS teams, or Youth Justice team"))
    b.chain("la_cla_rep", "la_cla_j", "la_strat", "la_rev_m", "la_rev_wait")
    b.flow("la_rev_wait", "la_rev_ret", citation=cite(ESC, "until the child is returned."))
    b.flow("la_rev_wait", "la_t24r", citation=cite(ESC, "convened every **24 hours**"))
    b.chain("la_t24r", "la_rev", "la_rev_m")
    b.chain("la_rev_ret", "la_a_j", "la_join")
    b.flow("la_b_gw", "la_sw_lm", name="Looked after", condition="looked_after", citation=cite(
        TIME, "a Child Looked After who is missing"))
    b.flow("la_b_gw", "la_b_j", name="No", default=True, citation=cite(
        LONG, "Whilst a Child Looked After remains missing"))
    b.chain("la_sw_lm", "la_b_recv", "la_b_j")
    b.chain("la_t6m", "la_6m", "la_iro", "la_b_j", "la_join", "la_ref_wait")
    b.flow("la_ref_wait", "la_ref", citation=cite(RETURN, "The police will refer to Somerset "
                                                          "Direct"))
    b.flow("la_ref_wait", "la_unsafe", citation=cite(RETURN, "Where it is not considered safe"))
    b.chain("la_unsafe", "la_oh_gw")
    b.flow("la_oh_gw", "la_edt", name="Out of hours", condition='decision == "out_of_hours"', probability=0.6,
           citation=cite(RETURN, "the Emergency Duty Team if out of hours"))
    b.flow("la_oh_gw", "la_csc", name="Office hours", default=True, citation=cite(
        RETURN, "Police will liaise with Children's Social Care"))
    b.chain("la_edt", "la_ref_j")
    b.chain("la_csc", "la_ref_j")
    b.chain("la_ref", "la_ref_j", "la_host_gw")
    b.flow("la_host_gw", "la_liaise_pa", name="Placed by another LA", condition="looked_after and out_of_area", citation=cite(
        RETURN, "Where a child is placed in Somerset by another local authority"))
    b.flow("la_host_gw", "la_host_j", name="No", default=True, citation=cite(
        RETURN, "The allocated PMEX worker should determine who is best placed to undertake the "
                "interview,"))
    b.chain("la_liaise_pa", "la_host_j", "la_pmex", "la_rhi_rcv", "la_open_gw")
    b.flow("la_open_gw", "la_contact", name="Open", condition=OPEN, citation=cite(
        RETURN, "for all children who are working with a Social Worker at the time of going "
                "missing."))
    b.flow("la_open_gw", "la_cp_j", name="Not open", default=True, citation=cite(
        RETURN, "Where a child is open to a Social Worker"))
    b.chain("la_contact", "la_cp_gw")
    b.flow("la_cp_gw", "la_care_plan", name="Looked after", condition="looked_after", citation=cite(
        REPEAT, "Where a **Child Looked After** is at risk of going missing, or repeatedly goes "
                "missing"))
    b.flow("la_cp_gw", "la_cp_j", name="No", default=True, citation=cite(
        REPEAT, "their Care Plan must reflect this"))
    b.chain("la_care_plan", "la_cp_j", "la_close", "la_end")

    # ------------------------------------------------------------------ PMEX
    pmex.start("pm_start", "RHI request from Somerset Direct", event="message", citation=cite(
        RETURN, "PMEX will be asked to undertake the interview"))
    pmex.task("pm_who", "Determine who is best placed to interview (child's preference)",
              duty="offer_return_interview", time=tri("PT30M", "PT1H", "PT2H"), citation=[
                  cite(RETURN, "The allocated PMEX worker should determine who is best placed to "
                               "undertake the interview,", "should"),
                  cite(RETURN, "where the child expresses a preference to speak with someone "
                               "other than the PMEX worker arrangements will be made to allow "
                               "this to happen.")])
    pmex.task("pm_rhi", "Return Home Interview using the RHI template", duty="return_interview",
              time=tri("PT1H", "PT1H30M", "PT3H"), citation=[
                  cite(RETURN, "ensure that it takes place in a timely way", "should"),
                  cite(RETURN, "The RHI template should be used to structure the discussion and "
                               "to support a consistent approach across the area.", "should")])
    pmgr.task("pm_mgr", "Manager sees outcome swiftly; reviews needs, risks, push / pull factors",
              duty="action_plan", time=tri("PT30M", "PT1H", "PT2H"), citation=[
                  cite(RETURN, "following the return interview, the outcome "
                               "is seen swiftly by a line manager to determine any further "
                               "actions which may be required."),
                  cite(RETURN, "should be reviewed by the allocated worker (usually PMEX) and "
                               "their manager in order to consider the need for further action.",
                       "should")])
    pmgr.gateway("pm_fa_gw", "Further action needed?", citation=cite(
        RETURN, "in order to consider the need for further action."))
    pmex.task("pm_fa", "Request other services (TAF, Early Help, assessment, strategy discussion)",
              duty="share_information", time=tri("PT30M", "PT1H", "PT2H"), citation=[
                  cite(RETURN, "including requesting the involvement of other relevant services "
                               "to meet identified needs."),
                  cite(RETURN, "Team Around the Family meeting, Early Help Assessment or Children "
                               "and Families Assessment, a Strategy Discussion or referral to "
                               "other services.", "may")])
    pmgr.gateway("pm_fa_j", "Merge", citation=cite(
        RETURN, "review the outcome of the interview for relevant action and support"))
    pmex.task("pm_record", "Record the RHI on LCS; notify involved agencies of needs",
              kind="sendTask", duty="share_return_interview", time=tri("PT15M", "PT30M", "PT1H"),
              citation=[
                  cite(RETURN, "Recording of RHIs is on the LCS case recording system."),
                  cite(RETURN, "If the child is receiving support through a multi-agency plan, "
                               "other involved agencies will be notified of any identified "
                               "needs.")])
    pmex.end("pm_end", "RHI complete", citation=cite(
        RETURN, "review the outcome of the interview for relevant action and support"))
    b.chain("pm_start", "pm_who", "pm_rhi", "pm_mgr", "pm_fa_gw")
    b.flow("pm_fa_gw", "pm_fa", name="Further action", condition='decision == "further_action"', probability=0.4,
           citation=cite(RETURN, "to determine any further actions which may be required."))
    b.flow("pm_fa_gw", "pm_fa_j", name="None", default=True, citation=cite(
        RETURN, "to consider the need for further action."))
    b.chain("pm_fa", "pm_fa_j", "pm_record", "pm_end")

    # ------------------------------------------------------------------ message flows
    b.message("c_report", "p_start", "Missing / absent report", flow_id="mf_report",
              citation=cite(REPORT, "Missing children must be reported to the police as soon as "
                                    "the concern is raised", "must"))
    b.message("p_notify_sd", "la_start", "Missing notification", flow_id="mf_notify_sd",
              citation=cite(RETURN, "the police will inform Somerset Direct"))
    b.message("p_refer", "la_ref", "Referral for RHI", flow_id="mf_refer", citation=cite(
        RETURN, "The police will refer to Somerset Direct"))
    b.message("p_liaise", "la_unsafe", "Not safe to return: agree actions", flow_id="mf_unsafe",
              citation=cite(RETURN, "Police will liaise with Children's Social Care or the "
                                    "Emergency Duty Team if out of hours"))
    b.message("la_pmex", "pm_start", "Arrange RHI", flow_id="mf_pmex", citation=cite(
        RETURN, "Somerset Direct who will contact the Preventing Missing and Exploitation team "
                "(PMEX) to arrange the Return Home Interview (RHI)."))
    b.message("pm_record", "la_rhi_rcv", "RHI recorded on LCS", flow_id="mf_rhi", citation=cite(
        RETURN, "Recording of RHIs is on the LCS case recording system."))
    ret = cite(RETURN, "When the child is found")
    for target in ("p_abs_ret", "p_search", "p_found2", "la_a_ret", "la_rev_ret", "la_b_recv"):
        b.message("p_child", target, "Child returns / is found", flow_id=f"mf_child_{target}",
                  citation=ret)

    # ------------------------------------------------------------------ omissions and findings
    omissions(b)
    return b


def omissions(b: ModelBuilder) -> None:
    """Timescales and rules deliberately not encoded, and the ambiguities and silences found."""
    b.omit(REPEAT, "Where children go missing repeatedly (three or more occasions in a 28 day "
                   "period)",
           "AMBIGUOUS: encoded as the condition episodes_in(\"P28D\") >= 3 on la_trig_gw, "
           "evaluated when Somerset Direct is notified of a missing episode. The text does not say "
           "whether absent (not missing) episodes count as 'occasions', nor whether the 28 days "
           "are a sliding window; the model counts episodes in a sliding 28-day window.")
    b.omit(REPEAT, "consideration should be given to creating a Trigger Plan for the child",
           "SILENT: the document does not say who considers or creates the Trigger Plan, or "
           "within what time; placed in the social worker lane with no deadline.")
    b.omit(TIME, "Somerset Children Looked After who are missing for more than **24 hours** "
                 "should be reported to the relevant CLA Operations Manager",
           "AMBIGUOUS: passive voice, the document does not say who reports; encoded as the "
           "social worker's task la_cla_rep after the 24-hour timer la_t24 (shared with the "
           "strategy discussion), side responsible. 'Somerset Children Looked "
           "After' is read as looked_after (Somerset responsible). 'planning meetings will be "
           "convened as necessary' gives no test or timescale and is not a separate task.")
    b.omit(ESC, "must be convened to agree actions to return any child who is open to CSC social "
                "work, FIS teams, or Youth Justice team, if appropriate",
           "AMBIGUOUS: 'open to CSC social work, FIS teams, or Youth Justice team' has no "
           "catalogue attribute of its own; encoded as child_in_need or looked_after or "
           "child_protection_plan. 'if appropriate' may qualify the duty or only the "
           "safeguarding considerations; the model reads the 'must' literally.")
    b.omit(ESC, "There will be further review strategy discussions convened every **24 hours** "
                "until the child is returned.",
           "AMBIGUOUS: the text does not say who convenes the reviews or whether they continue "
           "for children missing beyond 14 days once the Reviewing Detective Inspector's "
           "discussion has been held; the model keeps the 24-hourly cycle (la_rev_wait) running "
           "until return, alongside the 14-day discussion (p_14d).")
    b.omit(ESC, "After **24 hours** of missing",
           "SILENT: no escalation is stated at 24 hours for a missing child who is not open to "
           "CSC, FIS or Youth Justice; for such children the first escalation is the 14-day "
           "discussion (p_t14). Timers start when the wait begins, a few hours (assumed "
           "processing times) after the report.")
    b.omit(ESC, "If a child is missing for **14 days**, a further multi-agency strategy discussion "
                "should be held",
           "AMBIGUOUS: 'a further' discussion presupposes the 24-hour discussion, which only "
           "children open to CSC get; the model applies the 14-day discussion to every missing "
           "child (police pool, p_t14). No interval is stated for reviews after it.")
    b.omit(LONG, "should formally review all cases where children have been absent for six months "
                 "or more",
           "AMBIGUOUS: 'absent' here means missing (the sentence is about a Child Looked After "
           "who 'remains missing'), not the Definitions' absent category; encoded for looked-after "
           "children only (la_t6m, P6M clock). SILENT on who shares updates with the IRO and CLA "
           "health team, and how often.")
    b.omit(DEFS, "For the purposes of this protocol, and to focus resources on children who are "
                 "most vulnerable to exploitation and risk, the following categories are used.",
           "AMBIGUOUS: only two categories are defined (missing, absent); there is no low / "
           "medium / high grading, yet Use of public media refers to 'medium risk' and Timescales "
           "to 'high risk identified'. The model splits at p_grade on risk in [absent, "
           "no_apparent_risk] (absent) versus any other grade (missing), and tests "
           "risk == \"medium\" only for the media appeal.")
    b.omit(TIME, "The duty Police Inspector will determine and / or confirm the Missing or Absent "
                 "status",
           "AMBIGUOUS: 'determine and / or confirm' leaves open whether the inspector grades "
           "every report or only confirms the call handler's assessment; both tasks are encoded "
           "in sequence (p_assess, p_status) with no timescale, which the document does not give.")
    b.omit(DEFS, "Police will not routinely be sent to investigate such occurrences.",
           "SILENT: no timescale for reviewing an absent grading and no point at which an absent "
           "child becomes missing (other protocols re-grade after a set time). The only way back "
           "to missing is the carer's further report when attempts are exhausted or risk is "
           "evidenced (Timescales), encoded as the conditional event p_abs_rereport on "
           "not whereabouts_known or exploitation_risk, an interpretation of 'attempts exhausted' "
           "and 'known whereabouts to be unsafe'. SILENT on a safe and well check or RHI after an "
           "absent episode; none is encoded.")
    b.omit(DEFS, "If there are concerns that the child is or may be experiencing significant "
                 "harm, a multi-agency strategy discussion may be convened.",
           "SILENT: a discretionary strategy discussion for an absent child, with no convenor, "
           "test or timescale, and no route by which the local authority learns of an absent "
           "child (Somerset Direct is told only of missing children). Not encoded.")
    b.omit(REPORT, "in specified circumstances an immediate missing report may be made even where "
                   "a child's whereabouts are known",
           "Not encoded as a separate path: a discretionary shortcut set by individual safety "
           "plans; the carer's checks (c_checks) may be short. No timescale.")
    b.omit(TIME, "Police and carers and parents should agree to communicate regularly during the "
                 "Missing or Absent period",
           "SILENT: 'regularly' gives no interval; cited on the police search p_search, no "
           "recurring timer encoded.")
    b.omit(RETURN, "ensure that it takes place in a timely way",
           "SILENT: no timescale for the Return Home Interview. The DfE statutory guidance's 72 "
           "hours is not stated anywhere in this document, so pm_rhi has no deadline. SILENT "
           "also on what happens if the child declines the interview, and on any timescale for "
           "the police referral to Somerset Direct or for Somerset Direct contacting PMEX.")
    b.omit(RETURN, "If the child is receiving support through a multi-agency plan",
           "Not encoded as a branch: notifying the other agencies of a multi-agency plan is "
           "folded into pm_record (the RHI record on LCS, duty share_return_interview). SILENT: "
           "passive voice, the document does not say who notifies the agencies, or when.")
    b.omit(RETURN, "the outcome is seen swiftly by a line manager",
           "SILENT: 'swiftly' gives no timescale; pm_mgr has no deadline.")
    b.omit(RETURN, "When the child is found, the Police will undertake a **Safe and Well Check**",
           "SILENT: no timescale for the safe and well check after the child is found.")
    b.omit(RETURN, "the Social Work meaningful contact post a return",
           "SILENT: no timescale for the social worker's contact after return; la_contact has "
           "no deadline.")
    b.omit(RETURN, "Where a child is placed in Somerset by another local authority",
           "AMBIGUOUS: the catalogue's out_of_area does not say which side Somerset is on; the "
           "document covers both a child placed in Somerset by another authority (Somerset host: "
           "la_liaise_pa, side host) and a Somerset child residing elsewhere (care provider "
           "notifies Somerset, c_notify_som). Both branches test looked_after and out_of_area. "
           "SILENT on any duty to notify a host authority of a Somerset child missing elsewhere.")
    b.omit(LONG, "or until the Basic Command Unit's Detective Chief Inspector is satisfied that "
                 "all lines of enquiry have been exhausted",
           "Not encoded: closing a police file while the child is still missing has no timescale "
           "and would end the episode without a return; the model closes the police file on "
           "return (p_close). SILENT on when the local authority closes its episode; la_close "
           "follows the recorded RHI.")
    b.omit(MEDIA, "If the child is deemed medium risk and a medial appeal is thought to be of "
                  "benefit",
           "AMBIGUOUS: the Chief Inspector's authorisation is stated only for a medium-risk "
           "child; who authorises an appeal for any other grading is not stated. Encoded "
           "literally (risk == \"medium\"). 'medial' is presumably 'media'.")
    b.omit(DEFS, "Children who are missing from education or hospital/health settings do not fall "
                 "under the remit of this document",
           "Not encoded: children missing education are out of scope, so the model has no "
           "education pool; education takes part only in the 24-hour strategy discussion.")
    b.omit(MEDIA, "A decision to publicise by press or television will always be made in "
                  "consultation with those who have Parental Responsibility.",
           "SILENT: those with parental responsibility appear only in the publicity decision "
           "(p_media); the document never requires them to be told that a looked-after child is "
           "missing or has returned, so no notify_parent task is encoded.")
    b.omit(MON, "Unaccompanied Asylum-Seeking Children will be monitored in line with other "
                "missing children.",
           "Not encoded separately: UASC follow the same process, so trafficking_risk is not "
           "tested anywhere; the Care Plan duty (la_care_plan) covers looked-after UASC.")
    b.omit(MON, "The effectiveness of the protocol and associated multi-agency safeguarding "
                "arrangements will be monitored through the Child Exploitation subgroup.",
           "Not a duty of the episode process: strategic monitoring and the annual report.")


def main() -> None:
    build().write(OUT)
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
