"""Darlington (Durham Constabulary): procedure for children and families who go missing from home,
care or education (version 3, December 2018), as a BPMN collaboration.

Run ``python -m models.drafting.darlington`` to write ``models/protocols/darlington.bpmn``.

Pools: the child (black box), the parent / carer, Durham Constabulary, Darlington Borough Council
(Children's Access Point, social worker / CFRT, early help practitioner, team manager), the
Missing from Home Coordinator (return interviews, commissioned by the council) and schools / the
Children Missing Education officer.
"""

from __future__ import annotations

from pathlib import Path

from models.authoring import ModelBuilder, cite

DOC = "004_9f545ef69107aa00.txt"
OUT = Path(__file__).resolve().parents[1] / "protocols" / "darlington.bpmn"

# processing-time shorthands (assumptions: the document states no hands-on times)
MIN = ("TriangularDistribution", "PT5M", "PT10M", "PT30M")
SHORT = ("TriangularDistribution", "PT15M", "PT30M", "PT1H")
HOUR = ("TriangularDistribution", "PT30M", "PT1H", "PT2H")
SEARCH = ("TriangularDistribution", "PT1H", "PT3H", "PT8H")
MEETING = ("TriangularDistribution", "PT1H", "PT2H", "PT3H")
INTERVIEW = ("TriangularDistribution", "PT1H", "PT2H", "PT4H")
PLAN = ("TriangularDistribution", "PT1H", "PT2H", "PT4H")
ENQUIRY = ("TriangularDistribution", "PT1H", "PT2H", "PT6H")

RETURNED = "c_returned"  # the found date: every post-return deadline is anchored here


def build() -> ModelBuilder:
    b = ModelBuilder("darlington", authority="Darlington", document=DOC)

    # ------------------------------------------------------------------ pools and lanes
    b.black_box("p_child", "Child", citation=cite(
        "1.2", "responding to a child/young person who has run away and/or gone missing from "
        "home, residential home, foster placement and/or educational establishments"))

    carer = b.pool("p_carer", "Parent, carer or placement", citation=cite(
        "6.3", "It is the responsibility of the parent or carer to contact the police and to "
        "confirm that the missing child has returned.", "describes"))
    l_carer = carer.lane("l_carer", "Parent / carer / residential or foster carer", role="carer",
                         citation=cite("3.2", "Practitioners should make every effort to locate "
                                       "the young person", "should"))

    police = b.pool("p_police", "Durham Constabulary", citation=cite(
        "3.7", "Chaired by a Safeguarding Lead from Durham Constabulary"))
    l_pcr = police.lane("l_pcr", "Police call handling (101 / 999)", role="police_control_room",
                        citation=cite("3.2", "Contact the Police on telephone: 101"))
    l_po = police.lane("l_po", "Police officer", role="police_officer", citation=cite(
        "5.2", "the officer responsible for the safe and well check will ensure finalisation of "
        "the missing person record"))

    la = b.pool("p_la", "Darlington Borough Council children's services", citation=cite(
        "3.4", "The police will notify the Children’s Access Point (CAP) where the information "
        "will be assessed"))
    l_cap = la.lane("l_cap", "Children's Access Point (CAP)", role="front_door", citation=cite(
        "3.4", "The police will notify the Children’s Access Point (CAP)"))
    l_sw = la.lane("l_sw", "Case-holding social worker / Children First Response Team",
                   role="social_worker", citation=cite(
                       "7.9", "The case holding social worker will complete the missing from "
                       "home action plan"))
    l_eh = la.lane("l_eh", "Early Help Practitioner", role="early_help_practitioner",
                   citation=cite("7.10", "Return interviews for a young person open to an Early "
                                 "Help Practitioner"))
    l_tm = la.lane("l_tm", "Team Manager", role="team_manager", citation=cite(
        "7.9", "The missing action plan must be authorised by a Team Manager.", "must"))

    rhi = b.pool("p_rhi", "Missing from Home Coordinator (return interviews)", citation=cite(
        "7.4", "The practice in Darlington is that the return interview is conducted by an "
        "independent organisation (commissioned by Darlington Borough Council)."))
    l_mfh = rhi.lane("l_mfh", "Missing from Home Coordinator", role="return_interview_provider",
                     citation=cite("7.9", "The missing from Home Coordinator will complete the "
                                   "missing interview with the young person"))

    edu = b.pool("p_edu", "Schools and Children Missing Education service", citation=cite(
        "8.3", "It is the responsibility of schools, health services and other partner agencies "
        "to act when they are aware of or believe that a child"))
    l_school = edu.lane("l_school", "School", role="education", citation=cite(
        "8.4", "Action for schools"))
    l_cme = edu.lane("l_cme", "CAP and Children Missing Education Officer", role="education",
                     citation=cite("8.4", "The CAP, Children’s Social Care, Early Help Team and "
                                   "the Children Missing Education Officer will then complete "
                                   "reasonable enquires"))

    # ------------------------------------------------------------------ carer
    l_carer.start("c_start", "Child not where expected", citation=cite(
        "1.5", "Safeguarding is everyone's responsibility and if you suspect a child is missing "
        "you must report it", "must"))
    l_carer.task("c_checks", "Make every effort to locate the child", duty="locate_child",
                 time=HOUR, citation=[
                     cite("3.2", "Practitioners should make every effort to locate the young "
                          "person", "should"),
                     cite("3.2", "physical checks of the person’s residence or where they are "
                          "meant to be")])
    l_carer.gateway("c_gw_checks", "Child located by the checks?", citation=cite(
        "3.2", "If not successful in locating the young person **you must contact** the police",
        "must"))
    l_carer.end("c_end_located", "Child located; no report", citation=cite(
        "2.1", "A child whose whereabouts are known would not be treated as either 'missing' or "
        "'absent' under the police definition."))
    l_carer.task("c_report", "Report to the police (101, or 999 if at immediate risk)",
                 duty="report_missing", time=SHORT, kind="sendTask", citation=[
                     cite("3.2", "If not successful in locating the young person **you must "
                          "contact** the police for further advice and actions required",
                          "must"),
                     cite("3.2", "If a child is at immediate risk contact 999", "must"),
                     cite("3.3", "The police will expect detailed information when reporting a "
                          "child missing")])
    l_carer.catch("c_returned", "Child returns or is found", citation=cite(
        "6.3", "The police will undertake a Safe and Well check for all children who have "
        "returned (including those in care)."))
    l_carer.task("c_confirm", "Confirm the return to the police and inform others",
                 duty="share_information", time=MIN, kind="sendTask", citation=[
                     cite("6.3", "It is the responsibility of the parent or carer to contact the "
                          "police and to confirm that the missing child has returned."),
                     cite("6.9", "When a young person returns to the placement it is the "
                          "responsibility of the carers to notify any person of the return")])
    l_carer.end("c_end", "Return confirmed", citation=cite(
        "6.3", "confirm that the missing child has returned"))
    b.chain("c_start", "c_checks", "c_gw_checks")
    b.flow("c_gw_checks", "c_end_located", name="located", condition='decision == "located"',
           probability=0.2, citation=cite("3.2", "Practitioners should make every effort to "
                                          "locate the young person", "should"))
    b.flow("c_gw_checks", "c_report", name="not located", default=True, citation=cite(
        "3.2", "If not successful in locating the young person **you must contact** the police",
        "must"))
    b.chain("c_returned", "c_confirm", "c_end")
    # the carer waits for the return once the report is made
    b.flow("c_report", "c_returned")

    # ------------------------------------------------------------------ police
    l_pcr.start("pol_start", "Missing report received", event="message", citation=cite(
        "3.3", "highlighting the risk indicators (as identified in 3.1 above) that cause you "
        "concern will assist the police in identifying the correct level of response"))
    l_pcr.task("pol_grade", "Risk assessment: high, medium or low", duty="police_risk_assessment",
               time=SHORT, citation=[
                   cite("3.5", "Risk classifications employed by the Police in Missing person "
                        "investigations"),
                   cite("2.1", "The police classification of a person 'missing' or 'absent' "
                        "will be based on ongoing risk assessment."),
                   cite("3.6", "Children regarded as missing should not be deemed to be low "
                        "risk.", "should")])
    l_pcr.task("pol_notify", "Notify the Children's Access Point", duty="notify_social_worker",
               kind="sendTask", time=MIN, citation=[
                   cite("3.4", "The police will notify the Children’s Access Point (CAP)"),
                   cite("7.8", "For all missing episodes the CAP will receive a notification "
                        "from the police (sleuth) and/or EDT that a child has been reported "
                        "missing")])
    l_pcr.gateway("pol_gw_risk", "Risk level?", citation=cite(
        "2.1", "All reports of missing people sit within a continuum of risk from 'no apparent "
        "risk (absent)' through to high-risk cases"))
    l_po.task("pol_high", "Immediate, intensive search and investigation",
              duty="police_investigation", time=SEARCH, citation=[
                  cite("2.1", "high-risk cases that require immediate, intensive action"),
                  cite("3.3", "the police response will be to immediately address those "
                       "concerns")])
    l_po.task("pol_search", "Search and investigation", duty="police_investigation",
              time=SEARCH, citation=cite(
                  "2.1", "Anyone whose whereabouts cannot be established will be considered as "
                  "missing until located, and their well-being or otherwise confirmed."))
    l_po.gateway("pol_merge", "Investigation continues until located", citation=cite(
        "2.1", "considered as missing until located"))
    l_po.catch("pol_confirmed", "Return confirmed by the carer", citation=cite(
        "6.3", "It is the responsibility of the parent or carer to contact the police and to "
        "confirm that the missing child has returned."))
    l_po.task("pol_sw", "Police Safe and Well check", duty="safe_and_well_check", time=HOUR,
              citation=[
                  cite("5.1", "Once a missing child has been located, the police will carry "
                       "out a Police Safe and Well check."),
                  cite("5.1", "Any criminality or offences disclosed will be investigated by "
                       "the police appropriately.")])
    l_po.task("pol_finalise", "Finalise the missing person record and cancel the missing person",
              duty="closure", time=SHORT, citation=[
                  cite("5.2", "the officer responsible for the safe and well check will ensure "
                       "finalisation of the missing person record"),
                  cite("5.5", "once the missing child has been seen by the police, they will be "
                       "cancelled by the Police as a missing person.")])
    l_po.task("pol_closure", "Send electronic closure notice and VC form to CAP",
              duty="share_information", kind="sendTask", time=MIN, citation=cite(
                  "5.3", "When the record is finalised an electronic closure notice and VC form "
                  "will be forwarded to the Children’s Access Point (CAP) by the police."))
    l_po.end("pol_end", "Missing person investigation closed", citation=cite(
        "6.3", "this will lead to the police closing the missing person investigation"))
    b.chain("pol_start", "pol_grade", "pol_notify", "pol_gw_risk")
    b.flow("pol_gw_risk", "pol_high", name="high", condition='risk == "high"', citation=cite(
        "3.5", "The risk posed is immediate and there are substantial grounds for believing "
        "that the child or young person is in danger"))
    b.flow("pol_gw_risk", "pol_search", name="medium, low (or absent)", default=True, citation=cite(
        "3.5", "The risk posed is likely to place the child or young person in danger"))
    b.chain("pol_high", "pol_merge")
    b.chain("pol_search", "pol_merge")
    b.chain("pol_merge", "pol_confirmed", "pol_sw", "pol_finalise", "pol_closure", "pol_end")

    # ------------------------------------------------------------------ local authority
    l_cap.start("la_start", "Police notification received", event="message", citation=cite(
        "7.8", "For all missing episodes the CAP will receive a notification from the police "
        "(sleuth) and/or EDT"))
    l_cap.task("la_screen", "Assess the information; decide whether a strategy meeting is "
               "required", duty="screen_notification", time=SHORT, citation=cite(
                   "3.4", "the information will be assessed and a decision will be made as to "
                   "whether a strategy meeting is required"))
    l_cap.task("la_forward", "Forward the notification (MfH Coordinator, Service Manager, "
               "Director, first response team)", duty="notify_missing_coordinator",
               kind="sendTask", time=MIN, citation=cite(
                   "7.8", "The CAP will forward these to the Missing from Home Coordinator, "
                   "Service Manager (CAP and Children First Response Team (CFRT)"))
    l_cap.task("la_eso", "Notify the Education Safeguarding Officer", duty="notify_education",
               time=MIN, citation=cite(
                   "4.7", "The Education Safeguarding Officer must be notified and s/he should "
                   "notify colleagues in other areas", "must"))
    l_cap.gateway("la_gw_strat", "Strategy meeting required?", citation=cite(
        "3.4", "a decision will be made as to whether a strategy meeting is required"))
    l_sw.task("la_strat", "Strategy meeting", duty="strategy_meeting", time=MEETING,
              citation=cite("3.4", "a decision will be made as to whether a strategy meeting "
                            "is required"))
    l_cap.gateway("la_merge_strat", "Strategy meeting decided", citation=cite(
        "3.4", "whether a strategy meeting is required"))
    l_cap.catch("la_closure", "Closure notice and VC form received; screened by CAP",
                citation=cite("5.3", "This will be screened and assessed by the CAP."))
    l_cap.gateway("la_gw_oaa", "Placed in Darlington by another authority?", citation=cite(
        "5.4", "Where the missing child is placed in Darlington, but is the responsibility of a "
        "Local Authority outside of Darlington"))
    l_cap.task("la_pass", "Pass the information to the placing authority; request it actions "
               "a return interview", duty="notify_placing_authority", side="host", time=SHORT,
               citation=[
                   cite("5.4", "the Children’s Access point (CAP) will ensure that the "
                        "information is passed to a relevant person in that authority"),
                   cite("5.4", "make a request that a return interview is actioned by that "
                        "authority")])
    l_cap.gateway("la_merge_oaa", "Placing authority informed", citation=cite(
        "5.4", "make a request that a return interview is actioned by that authority"))
    l_cap.gateway("la_gw_cp", "Child subject to a Child Protection Plan?", citation=cite(
        "6.10", "In all cases where the child is subject to a Child Protection Plan, a Strategy "
        "Discussion must be held within one working day", "must"))
    l_cap.gateway("la_gw_pract", "Further Strategy Discussion practicable?", citation=cite(
        "6.10", "there should if practicable be a further Strategy Discussion", "should"))
    l_sw.task("la_sd_cp", "Strategy Discussion (Child Protection Plan)",
              duty="strategy_discussion", time=HOUR, deadlines=[dict(
                  name="Strategy Discussion within one working day (Child Protection Plan)",
                  anchor=RETURNED, limit="P1D", calendar="working_days", modality="must")],
              citation=[
                  cite("6.10", "In all cases where the child is subject to a Child Protection "
                       "Plan, a Strategy Discussion must be held within one working day",
                       "must"),
                  cite("6.12", "representatives of the ‘receiving’ local authority must be "
                       "involved in the Strategy Discussion", "must"),
                  cite("6.13", "consideration must be given by the social worker and Manager in "
                       "consultation with the Conference Chair", "must")])
    l_sw.task("la_sd", "Further Strategy Discussion (if practicable)",
              duty="strategy_discussion", time=HOUR, deadlines=[dict(
                  name="Further Strategy Discussion within one working day",
                  anchor=RETURNED, limit="P1D", calendar="working_days", modality="should")],
              citation=[
                  cite("6.10", "When a child is found, there should if practicable be a further "
                       "Strategy Discussion within one working day, attended by previously "
                       "involved agencies.", "should"),
                  cite("6.12", "representatives of the ‘receiving’ local authority must be "
                       "involved in the Strategy Discussion", "must")])
    l_cap.gateway("la_merge_sd", "Strategy Discussion considered", citation=cite(
        "6.10", "When a missing child/family is found"))
    l_cap.gateway("la_gw_route", "Who holds the case?", citation=cite(
        "7.8", "the case holders’ local authority first response team"))
    l_cap.task("la_fwd_sw", "Forward found notification: looked after or known to social care",
               duty="notify_missing_coordinator", kind="sendTask", time=MIN, citation=cite(
                   "7.9", "Return Interviews for a young person looked after or known to social "
                   "care"))
    l_cap.task("la_fwd_eh", "Forward found notification: open to Early Help",
               duty="notify_missing_coordinator", kind="sendTask", time=MIN, citation=cite(
                   "7.10", "Return interviews for a young person open to an Early Help "
                   "Practitioner"))
    l_cap.task("la_fwd_no", "Forward found notification: not an open case",
               duty="notify_missing_coordinator", kind="sendTask", time=MIN, citation=cite(
                   "7.11", "Return interviews for a young person who is not an open case"))
    # 7.9: looked after or known to social care
    l_sw.catch("la_ri_sw", "Return interview allocated to the case-holding social worker",
               citation=cite("7.9", "when completed will allocate to the case-holding Social "
                             "Worker"))
    l_sw.task("la_plan_sw", "Missing from home action plan (case-holding social worker)",
              duty="action_plan", side="responsible", time=PLAN, deadlines=[dict(
                  name="Action plan within 6 working days of the found date", anchor=RETURNED,
                  limit="P6D", calendar="working_days", modality="describes",
                  side="responsible")],
              citation=[
                  cite("7.9", "The case holding social worker will complete the missing from "
                       "home action plan (within 6 working days of the found date)"),
                  cite("7.12", "It is the responsibility of the placing authority to manage and "
                       "implement the care plan for any child placed within Darlington.")])
    l_tm.task("la_tm_sw", "Authorise the missing action plan (social worker)",
              duty="action_plan", time=SHORT, citation=cite(
                  "7.9", "The missing action plan must be authorised by a Team Manager.",
                  "must"))
    l_sw.gateway("la_gw_rep_sw", "Missing 3 or more times in 90 days?", citation=cite(
        "7.9", "the child is missing 3 or more times in a 90 day period the case holding "
        "social worker is required to hold a planning meeting", "must"))
    l_sw.task("la_meet_sw", "Planning / safety meeting or strategy (PCSO from ERASE invited)",
              duty="repeat_review", side="responsible", time=MEETING, citation=[
                  cite("7.9", "the case holding social worker is required to hold a planning "
                       "meeting/safety meeting/strategy to explore the concerns and share "
                       "information", "must"),
                  cite("7.9", "They should invite a Police Community Support Officer (PCSO) "
                       "from the ERASE team to the meeting to support the plan.", "should"),
                  cite("7.12", "the placing authority having responsibility for the "
                       "coordination of care plan meetings to address missing person "
                       "episodes")])
    l_sw.gateway("la_merge_rep_sw", "Social worker plan in place", citation=cite(
        "7.9", "to implement a plan to safeguard the young person and reduce the missing "
        "episodes"))
    # 7.10: open to Early Help
    l_eh.catch("la_ri_eh", "Return interview allocated to the Early Help Practitioner",
               citation=cite("7.10", "when completed will allocate to the Early Help "
                             "Practitioner"))
    l_eh.task("la_plan_eh", "Missing from home action plan (Early Help Practitioner)",
              duty="action_plan", time=PLAN, deadlines=[dict(
                  name="Action plan within 6 working days of the found date", anchor=RETURNED,
                  limit="P6D", calendar="working_days", modality="describes")],
              citation=cite("7.10", "The Early Help Practitioner will complete the missing from "
                            "Home Action Plan (within 6 working days of the found date)"))
    l_tm.task("la_tm_eh", "Authorise the missing action plan (Early Help)", duty="action_plan",
              time=SHORT, citation=cite(
                  "7.10", "The missing action plan must be authorised by a Team Manager.",
                  "must"))
    l_eh.gateway("la_gw_rep_eh", "Missing 3 or more times in 90 days?", citation=cite(
        "7.10", "If the child is missing 3 or more times in a 90 day period the Early Help "
        "Practitioner should advise the CAP", "should"))
    l_eh.task("la_advise_cap", "Advise the CAP (allocation to CFRT)", duty="notify_social_worker",
              time=MIN, citation=cite(
                  "7.10", "the Early Help Practitioner should advise the CAP who will then allocate "
                  "to the CFRT", "should"))
    l_sw.task("la_cfrt", "CFRT decides: Child and Family Assessment or strategy discussion / "
              "section 47", duty="repeat_review", time=MEETING, citation=[
                  cite("7.10", "who will make a decision as to whether a Child and Family "
                       "Assessment or a strategy discussion/section 47 is required"),
                  cite("7.10", "They should invite a PCSO from the ERASE team to the meeting to "
                       "support the plan.", "should")])
    l_eh.gateway("la_merge_rep_eh", "Early Help plan in place", citation=cite(
        "7.10", "to implement a plan to safeguard the young person and reduce the missing "
        "episodes"))
    l_cap.gateway("la_merge_end", "Council's part of the episode done", citation=cite(
        "4.5", "a consistent and coherent response to both the initial report and return of "
        "the missing person"))
    l_cap.end("la_end", "Episode closed for children's services", citation=cite(
        "4.5", "Every “missing” episode should attract considered attention", "should"))

    b.chain("la_start", "la_screen", "la_forward", "la_eso", "la_gw_strat")
    b.flow("la_gw_strat", "la_strat", name="strategy meeting required",
           condition='decision == "required"', probability=0.3, citation=cite(
               "3.4", "a decision will be made as to whether a strategy meeting is required"))
    b.flow("la_gw_strat", "la_merge_strat", name="not required", default=True, citation=cite(
        "3.4", "whether a strategy meeting is required"))
    b.chain("la_strat", "la_merge_strat")
    b.chain("la_merge_strat", "la_closure", "la_gw_oaa")
    b.flow("la_gw_oaa", "la_pass", name="placed by another authority",
           condition="looked_after and out_of_area", citation=cite(
               "5.4", "Where the missing child is placed in Darlington, but is the "
               "responsibility of a Local Authority outside of Darlington"))
    b.flow("la_gw_oaa", "la_merge_oaa", name="otherwise", default=True, citation=cite(
        "5.3", "This will be screened and assessed by the CAP."))
    b.chain("la_pass", "la_merge_oaa")
    b.chain("la_merge_oaa", "la_gw_cp")
    b.flow("la_gw_cp", "la_sd_cp", name="Child Protection Plan",
           condition="child_protection_plan", citation=cite(
               "6.10", "In all cases where the child is subject to a Child Protection Plan, a "
               "Strategy Discussion must be held within one working day", "must"))
    b.flow("la_gw_cp", "la_gw_pract", name="no Child Protection Plan", default=True,
           citation=cite("6.10", "When a child is found, there should if practicable be a "
                         "further Strategy Discussion", "should"))
    b.flow("la_gw_pract", "la_sd", name="practicable", condition='decision == "practicable"',
           probability=0.5, citation=cite(
               "6.10", "there should if practicable be a further Strategy Discussion within one "
               "working day", "should"))
    b.flow("la_gw_pract", "la_merge_sd", name="not practicable", default=True, citation=cite(
        "6.10", "there should if practicable be a further Strategy Discussion", "should"))
    b.chain("la_sd_cp", "la_merge_sd")
    b.chain("la_sd", "la_merge_sd")
    b.chain("la_merge_sd", "la_gw_route")
    b.flow("la_gw_route", "la_fwd_sw", name="looked after or known to social care",
           condition="looked_after or child_in_need or child_protection_plan", citation=cite(
               "7.9", "Return Interviews for a young person looked after or known to social "
               "care"))
    b.flow("la_gw_route", "la_fwd_eh", name="open to Early Help",
           condition="early_help and not (looked_after or child_in_need or "
           "child_protection_plan)", citation=cite(
               "7.10", "Return interviews for a young person open to an Early Help "
               "Practitioner"))
    b.flow("la_gw_route", "la_fwd_no", name="not an open case", default=True, citation=cite(
        "7.11", "Return interviews for a young person who is not an open case"))
    b.chain("la_fwd_sw", "la_ri_sw", "la_plan_sw", "la_tm_sw", "la_gw_rep_sw")
    b.flow("la_gw_rep_sw", "la_meet_sw", name="3 or more in 90 days",
           condition='episodes_in("P90D") >= 3', citation=cite(
               "7.9", "If the child is missing 3 or more times in a 90 day period", "must"))
    b.flow("la_gw_rep_sw", "la_merge_rep_sw", name="fewer", default=True, citation=cite(
        "7.9", "If the child is missing 3 or more times in a 90 day period"))
    b.chain("la_meet_sw", "la_merge_rep_sw")
    b.chain("la_merge_rep_sw", "la_merge_end")
    b.chain("la_fwd_eh", "la_ri_eh", "la_plan_eh", "la_tm_eh", "la_gw_rep_eh")
    b.flow("la_gw_rep_eh", "la_advise_cap", name="3 or more in 90 days",
           condition='episodes_in("P90D") >= 3', citation=cite(
               "7.10", "If the child is missing 3 or more times in a 90 day period the Early "
               "Help Practitioner should advise the CAP", "should"))
    b.flow("la_gw_rep_eh", "la_merge_rep_eh", name="fewer", default=True, citation=cite(
        "7.10", "If the child is missing 3 or more times in a 90 day period"))
    b.chain("la_advise_cap", "la_cfrt", "la_merge_rep_eh")
    b.chain("la_merge_rep_eh", "la_merge_end")
    b.chain("la_fwd_no", "la_merge_end")
    b.chain("la_merge_end", "la_end")

    # ------------------------------------------------------------------ Missing from Home Coordinator
    l_mfh.start("rhi_start", "Missing notification forwarded by CAP", event="message",
                citation=cite("7.8", "The CAP will forward these to the Missing from Home "
                              "Coordinator"))
    l_mfh.task("rhi_dates", "Update the missing and found dates on Liquid Logic",
               duty="record_episode", time=MIN, citation=[
                   cite("7.8", "The Missing from Home Coordinator will update the missing and "
                        "found dates on Liquid Logic"),
                   cite("7.12", "The missing from Home Coordinator should update the record on "
                        "liquid Logic.", "should")])
    l_mfh.gateway("rhi_egw", "Found notification from CAP", kind="event", citation=cite(
        "7.8", "the child has been found and returned home or to placement"))
    l_mfh.catch("rhi_sw", "Found: looked after or known to social care", citation=cite(
        "7.9", "Return Interviews for a young person looked after or known to social care"))
    l_mfh.catch("rhi_eh", "Found: open to Early Help", citation=cite(
        "7.10", "Return interviews for a young person open to an Early Help Practitioner"))
    l_mfh.catch("rhi_no", "Found: not an open case", citation=cite(
        "7.11", "Return interviews for a young person who is not an open case"))
    ri72 = cite("7.8", "The return interview should be carried out **within 72 hours** of the "
                "child returning to their home or care setting", "should")

    def ri_deadline(name: str, side: str | None = None) -> list[dict[str, str]]:
        d = dict(name=name, anchor=RETURNED, limit="PT72H", calendar="clock", modality="should")
        if side:
            d["side"] = side
        return [d]

    l_mfh.gateway("rhi_gw_oaa", "Darlington looked after child placed outside the Durham "
                  "Constabulary area?", citation=cite(
                      "7.9", "If a Darlington LAC is placed outside of the Durham Constabulary "
                      "boundary"))
    l_mfh.task("rhi_ri_sw", "Return interview (looked after / known to social care)",
               duty="return_interview", time=INTERVIEW,
               deadlines=ri_deadline("Return interview within 72 hours of the found date"),
               citation=[
                   cite("7.9", "The missing from Home Coordinator will complete the missing "
                        "interview with the young person (within 72 hours of the found date)"),
                   ri72,
                   cite("7.6", "Parents and carers should be offered the opportunity to engage "
                        "with the Missing from Home Co-ordinator", "should")])
    l_mfh.task("rhi_arrange", "Arrange an independent person to complete the interview (LCS "
               "form)", duty="offer_return_interview", side="responsible", time=HOUR,
               deadlines=ri_deadline("Return interview within 72 hours of return",
                                     side="responsible"),
               citation=[
                   cite("7.9", "the Missing from Home Coordinator will arrange for an "
                        "independent person to complete the missing from home interview"),
                   ri72])
    l_mfh.gateway("rhi_merge_oaa", "Interview record ready", citation=cite(
        "7.9", "and then forward to the case holding Social worker who should then complete "
        "the Action Plan"))
    l_mfh.task("rhi_alloc_sw", "Allocate the interview to the case-holding social worker",
               duty="share_return_interview", kind="sendTask", time=MIN, citation=cite(
                   "7.9", "when completed will allocate to the case-holding Social Worker"))
    l_mfh.task("rhi_ri_eh", "Return interview (open to Early Help)", duty="return_interview",
               time=INTERVIEW,
               deadlines=ri_deadline("Return interview within 72 hours of the found date"),
               citation=[
                   cite("7.10", "(within 72 hours of the found date) and when completed will allocate to "
                        "the Early Help Practitioner"),
                   ri72])
    l_mfh.task("rhi_alloc_eh", "Allocate the interview to the Early Help Practitioner",
               duty="share_return_interview", kind="sendTask", time=MIN, citation=cite(
                   "7.10", "when completed will allocate to the Early Help Practitioner"))
    l_mfh.task("rhi_ri_no", "Return interview (not an open case)", duty="return_interview",
               time=INTERVIEW,
               deadlines=ri_deadline("Return interview within 72 hours of the found date"),
               citation=[
                   cite("7.11", "(within 72 hours of the found date) and when completed will then "
                        "complete the Action plan"),
                   ri72])
    l_mfh.task("rhi_plan_no", "Missing from home action plan (not an open case)",
               duty="action_plan", time=PLAN, deadlines=[dict(
                   name="Action plan within 6 working days of the found date", anchor=RETURNED,
                   limit="P6D", calendar="working_days", modality="describes")],
               citation=cite("7.11", "when completed will then complete the Action plan "
                             "(within 6 working days of the found date)"))
    l_mfh.gateway("rhi_gw_refer", "Concerns or multiple missing episodes?", citation=cite(
        "7.11", "If the missing from home coordinator has any concerns or the young person has "
        "multiple missing episodes they should refer to the CAP", "should"))
    l_mfh.task("rhi_refer", "Refer to the CAP (information, advice, additional services)",
               duty="notify_social_worker", time=SHORT, citation=cite(
                   "7.11", "they should refer to the CAP to request information and advice or a "
                   "request for additional services", "should"))
    l_mfh.gateway("rhi_merge", "Interview and plan handed on", citation=cite(
        "7.3", "This record is used to identify the follow up action taken following the "
        "interview"))
    l_mfh.task("rhi_erase", "Forward a copy of the missing from home report to the ERASE team",
               duty="share_information", time=MIN, citation=[
                   cite("7.9", "The missing from Home coordinator will forward a copy of the "
                        "missing from home report to the ERASE team within Durham "
                        "Constabulary."),
                   cite("7.11", "The missing from Home coordinator will forward a copy of the "
                        "missing from home report to the ERASE team, within Durham "
                        "Constabulary.")])
    l_mfh.end("rhi_end", "Return interview work complete", citation=cite(
        "7.2", "The return interview is important in safeguarding the child for the future."))
    b.chain("rhi_start", "rhi_dates", "rhi_egw")
    for c in ("rhi_sw", "rhi_eh", "rhi_no"):
        b.flow("rhi_egw", c)
    b.chain("rhi_sw", "rhi_gw_oaa")
    b.flow("rhi_gw_oaa", "rhi_arrange", name="placed outside Durham",
           condition="looked_after and out_of_area", citation=cite(
               "7.9", "If a Darlington LAC is placed outside of the Durham Constabulary "
               "boundary"))
    b.flow("rhi_gw_oaa", "rhi_ri_sw", name="otherwise", default=True, citation=cite(
        "7.9", "The missing from Home Coordinator will complete the missing interview with the "
        "young person"))
    b.chain("rhi_ri_sw", "rhi_merge_oaa")
    b.chain("rhi_arrange", "rhi_merge_oaa")
    b.chain("rhi_merge_oaa", "rhi_alloc_sw", "rhi_merge")
    b.chain("rhi_eh", "rhi_ri_eh", "rhi_alloc_eh", "rhi_merge")
    b.chain("rhi_no", "rhi_ri_no", "rhi_plan_no", "rhi_gw_refer")
    b.flow("rhi_gw_refer", "rhi_refer", name="concerns or multiple episodes",
           condition='decision == "refer"', probability=0.3, citation=cite(
               "7.11", "If the missing from home coordinator has any concerns or the young "
               "person has multiple missing episodes they should refer to the CAP", "should"))
    b.flow("rhi_gw_refer", "rhi_merge", name="no concerns", default=True, citation=cite(
        "7.11", "will then complete the Action plan"))
    b.chain("rhi_refer", "rhi_merge")
    b.chain("rhi_merge", "rhi_erase", "rhi_end")

    # ------------------------------------------------------------------ children missing education
    l_school.start("e_start", "Child does not return to school; no known reason",
                   event="conditional", condition="missing_education", citation=[
                       cite("8.4", "If a child does not return to school and school staff have "
                            "no prior knowledge of a reason for non-attendance"),
                       cite("4.3", "children missing from education for more than five days "
                            "(this does not include non-attendance)")])
    l_school.task("e_enquiries", "Reasonable enquiries: calls, home visits, letters",
                  duty="locate_child", time=ENQUIRY, citation=[
                      cite("8.4", "schools should carry out reasonable enquires to attempt to "
                           "make contact with the family", "should"),
                      cite("8.4", "Schools must make reasonable enquiries to establish the "
                           "whereabouts of the child jointly with the local authority.",
                           "must")])
    l_school.gateway("e_egw1", "Whereabouts established?", kind="event", citation=cite(
        "8.4", "If the child’s whereabouts are still unknown after 5 days"))
    l_school.timer("e_t5", "Whereabouts still unknown after 5 school days", duration="P5D",
                   calendar="school_days", citation=[
                       cite("8.4", "If the child’s whereabouts are still unknown after 5 days, "
                            "the school should complete a multi-agency referral form",
                            "should"),
                       cite("8.5", "has been absent without the school’s permission for a "
                            "continuous period of 5 - 10 school days or more", "must")])
    l_school.catch("e_loc1", "Child located by the school", citation=cite(
        "8.4", "continue with the above until child is located"))
    l_school.task("e_referral", "Multi-agency referral form to CAP and the CME Officer",
                  duty="cme_referral", time=HOUR, citation=[
                      cite("8.4", "the school should complete a multi-agency referral form and "
                           "email this to the Children’s Access Point (CAP) secure email "
                           "address", "should"),
                      cite("8.5", "All schools must inform the local authority of any pupil "
                           "who fails to attend school regularly", "must")])
    l_cme.task("e_cme", "Enquiries, safeguarding checks and MEG assessment",
               duty="cme_referral", time=ENQUIRY, citation=[
                   cite("8.4", "Checks will be undertaken and all attempts will be made to "
                        "trace the child via extended family, housing or other agencies."),
                   cite("8.4", "Safeguarding checks will be undertaken and an assessment to "
                        "establish if the child should be referred to Missing and Exploited "
                        "Group (MEG).")])
    l_cme.gateway("e_egw2", "Child located?", kind="event", citation=cite(
        "8.4", "If the child is not located after 20 school days"))
    l_cme.timer("e_t20", "Not located after 20 school days", duration="P20D",
                calendar="school_days", citation=cite(
                    "8.4", "If the child is not located after 20 school days the child will be "
                    "recorded as Missing from Education (CME)."))
    l_cme.catch("e_loc2", "Child located by the enquiries", citation=cite(
        "8.4", "If the child is located in Darlington, the early Help Education Worker will "
        "seek to engage the family"))
    l_cme.task("e_record", "Record as CME; continue tracing (S2S out-of-authority trace)",
               duty="record_episode", time=HOUR, citation=[
                   cite("8.4", "the child will be recorded as Missing from Education (CME)."),
                   cite("8.4", "If this action is unsuccessful an out of authority child trace "
                        "will be initiated via School 2 School (S2S) messaging.")])
    l_cme.catch("e_loc3", "Child back in education", citation=cite(
        "8.4", "The child will remain in the CME data base until the child is back in "
        "education."))
    l_cme.gateway("e_merge", "Child located", citation=cite(
        "8.4", "If the child is found in another Local Authority contact will be made with the "
        "receiving authority to discuss the case."))
    l_cme.end("e_end", "Child missing education case closed", citation=cite(
        "8.4", "until the child is back in education"))
    b.chain("e_start", "e_enquiries", "e_egw1")
    b.flow("e_egw1", "e_t5")
    b.flow("e_egw1", "e_loc1")
    b.chain("e_t5", "e_referral", "e_cme", "e_egw2")
    b.flow("e_egw2", "e_t20")
    b.flow("e_egw2", "e_loc2")
    b.chain("e_t20", "e_record", "e_loc3", "e_merge")
    b.chain("e_loc1", "e_merge")
    b.chain("e_loc2", "e_merge")
    b.chain("e_merge", "e_end")

    # ------------------------------------------------------------------ message flows
    b.message("c_report", "pol_start", "Missing report", citation=cite(
        "3.2", "Contact the Police on telephone: 101"))
    b.message("p_child", "c_returned", "Child returns or is found", citation=cite(
        "6.3", "confirm that the missing child has returned"))
    b.message("c_confirm", "pol_confirmed", "Return confirmed", citation=cite(
        "6.3", "to contact the police and to confirm that the missing child has returned"))
    b.message("pol_notify", "la_start", "Missing notification (sleuth)", citation=cite(
        "3.4", "The police will notify the Children’s Access Point (CAP)"))
    b.message("pol_closure", "la_closure", "Closure notice and VC form", citation=cite(
        "5.3", "an electronic closure notice and VC form will be forwarded to the Children’s "
        "Access Point (CAP) by the police"))
    b.message("la_forward", "rhi_start", "Missing notification", citation=cite(
        "7.8", "The CAP will forward these to the Missing from Home Coordinator"))
    for src, dst, what in (("la_fwd_sw", "rhi_sw", "looked after / known to social care"),
                           ("la_fwd_eh", "rhi_eh", "open to Early Help"),
                           ("la_fwd_no", "rhi_no", "not an open case")):
        b.message(src, dst, f"Found notification ({what})", citation=cite(
            "7.8", "or the child has been found and returned home or to placement. The CAP will "
            "forward these to the Missing from Home Coordinator"))
    b.message("rhi_alloc_sw", "la_ri_sw", "Return interview record", citation=cite(
        "7.9", "when completed will allocate to the case-holding Social Worker"))
    b.message("rhi_alloc_eh", "la_ri_eh", "Return interview record", citation=cite(
        "7.10", "when completed will allocate to the Early Help Practitioner"))
    for target in ("e_loc1", "e_loc2", "e_loc3"):
        b.message("p_child", target, "Child located / back in education", citation=cite(
            "8.4", "continue with the above until child is located"))

    omissions(b)
    return b


def omissions(b: ModelBuilder) -> None:
    """Timescales and rules of the document deliberately not encoded, and the findings."""
    b.omit("3.7", "A multi-agency meeting is held on a monthly basis and Chaired by a "
           "Safeguarding Lead from Durham Constabulary.",
           "Background: the Missing and Exploited Group (MEG) is a standing monthly meeting, "
           "not a timescale of the episode; see the 'frequent missing episodes' finding for "
           "the referral to it.")
    b.omit("7.9", "Children who have frequent missing episodes will be discussed at the MEG",
           "AMBIGUOUS: 'frequent' is not defined (7.9, 7.10, 7.11; 7.12 says 'repeated "
           "occasions' and 'multiple'), so there is no threshold to encode as an "
           "episodes_in rule; the referral to the MEG agenda by the case holder is not "
           "modelled rather than guessing a count.")
    b.omit("4.2", "The terms child/ children/family with children/unborn refers to any person "
           "under the age of 18 years.",
           "Scope definition: the catalogue's age attribute already covers 0-17.")
    b.omit("6.15", "If after 2 years there is no communication from the authority where the "
           "child and/or family went missing",
           "Not a duty of the episode: maintenance of the list of notifications from other "
           "authorities about families who went missing there.")
    b.omit("8.2", "usually agreed as five to ten days without provision of reasonable "
           "explanation",
           "AMBIGUOUS: the CME definition gives a range (five to ten days, calendar unstated); "
           "8.4 refers to CAP after 5 days and 8.5 says 5 - 10 school days; the model encodes "
           "the 8.4 referral at 5 school days (e_t5).")
    b.omit("8.4", "If the child’s whereabouts are still unknown after 5 days",
           "AMBIGUOUS: 8.4 does not say whether the 5 days are school days, working days or "
           "calendar days; e_t5 counts school days because the period is one of absence from "
           "school ('day five of the absence period') and 8.5 counts 5 - 10 school days.")
    b.omit("8.5", "has been absent without the school’s permission for a continuous period of "
           "5 - 10 school days or more",
           "AMBIGUOUS: a range, not a single threshold, and 8.4 already requires the referral "
           "after 5 days; the model uses the lower bound (e_t5, 5 school days).")
    b.omit("8.4", "If the child is not located after 20 school days the child will be recorded "
           "as Missing from Education (CME).",
           "AMBIGUOUS: the start of the 20 school days is not stated (first day of absence or "
           "the referral to CAP); e_t20 counts from the start of the local authority's "
           "enquiries, the most literal reading of the paragraph order.")
    b.omit("9", "Childline helps anyone under 19 years in the UK with any issue they’re going "
           "through.", "Background: a resource listing, not a duty.")
    b.omit("9", "Phone 0808 800 5000 Monday to Friday 9.30 to 7.30 pm",
           "Background: NSPCC opening hours in the resource list, not a duty.")
    b.omit("2.1", "The police classification of a person 'missing' or 'absent' will be based on "
           "ongoing risk assessment.",
           "SILENT: no interval for re-assessing or re-grading the risk and no escalation "
           "timescale (e.g. absent becoming missing) is given, so the model has no police "
           "review timers.")
    b.omit("3.5", "There is no apparent threat of danger to the missing person or the public.",
           "AMBIGUOUS: 3.5 defines a low risk grade but 3.6 says 'Children regarded as missing "
           "should not be deemed to be low risk', and 'absent' (2.1) has no definition of its "
           "own in 3.5; the grading gateway separates high from the rest (medium, low, "
           "absent), as the document describes no different response below high.")
    b.omit("7.4", "The practice in Darlington is that the return interview is conducted by an "
           "independent organisation",
           "AMBIGUOUS: 7.9-7.11 say the Missing from Home Coordinator completes the interview; "
           "the document does not say whether the Coordinator belongs to the commissioned "
           "organisation or to the council; modelled as the return-interview provider.")
    b.omit("7.8", "The return interview should be carried out **within 72 hours** of the child "
           "returning to their home or care setting",
           "AMBIGUOUS: 7.8 counts 72 hours from the return to the home or care setting, 7.9-7.11 "
           "from the 'found date' (a date, not a time); the deadlines count 72 clock hours from "
           "the moment the carer learns of the return (c_returned).")
    b.omit("6.10", "When a child is found, there should if practicable be a further Strategy "
           "Discussion within one working day",
           "SILENT: the document does not say who convenes or chairs the strategy discussion or "
           "the strategy meeting of 3.4; both are put in the social worker / CFRT lane.")
    b.omit("3.4", "a decision will be made as to whether a strategy meeting is required",
           "SILENT: the document does not say whether a strategy meeting is held or cancelled "
           "when the child returns before it takes place; the model keeps it (la_strat).")
    b.omit("7.8", "For all missing episodes the CAP will receive a notification from the police "
           "(sleuth) and/or EDT",
           "AMBIGUOUS: 'and/or EDT' does not say when the emergency duty team rather than the "
           "police notifies the CAP; only the police notification is modelled, and no EDT lane.")
    b.omit("4.7", "The Education Safeguarding Officer must be notified",
           "SILENT: the document does not say who notifies the Education Safeguarding Officer, "
           "when, or for which children; modelled as a CAP task on the missing notification.")
    b.omit("7.11", "If the missing from home coordinator has any concerns or the young person "
           "has multiple missing episodes they should refer to the CAP",
           "AMBIGUOUS: 'multiple' has no count or window, so this is a chance branch "
           "(decision == \"refer\") rather than an episodes_in rule.")
    b.omit("7.12", "For children with multiple missing episodes the Service Manager (CAP and "
           "CFRT) will consult with the placing authority",
           "AMBIGUOUS: 'multiple' has no count or window; the Service Manager's consultation "
           "with the placing authority and the optional Darlington strategy meeting are not "
           "modelled.")
    b.omit("7.9", "The case holding social worker will complete the missing from home action "
           "plan (within 6 working days of the found date)",
           "AMBIGUOUS: 7.9-7.11 word the 72-hour interview and the 6-working-day action plan as "
           "'will complete', not must or should; the action-plan deadlines carry modality "
           "'describes' and the interview deadlines the 'should' of 7.8.")

def main() -> None:
    b = build()
    b.write(OUT)
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
