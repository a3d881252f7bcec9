"""Lambeth: Missing from Home and Care Protocol (document 000_73184d58ab7670c6.txt).

Run ``python -m models.drafting.lambeth`` to write ``models/protocols/lambeth.bpmn``.

Pools: the child (black box), the parent / carer / placement, the Metropolitan Police, Lambeth
Children's Social Care, Barnardos (return home interviews for looked-after children) and the
school (children missing education). Every element cites the section it encodes with a verbatim
quote; timescales the model does not encode are recorded with ``b.omit``.
"""

from __future__ import annotations

from pathlib import Path

from models.authoring import ModelBuilder, cite

DOC = "000_73184d58ab7670c6.txt"
OUT = Path(__file__).resolve().parents[1] / "protocols" / "lambeth.bpmn"

C = cite


def T(*params: str) -> tuple[str, ...]:
    """A triangular processing time (min, mode, max)."""
    return ("TriangularDistribution", *params)


def K(value: str) -> tuple[str, ...]:
    """A constant processing time."""
    return ("ConstantParameter", value)


def build() -> ModelBuilder:
    b = ModelBuilder("lambeth", authority="Lambeth", document=DOC)

    # ------------------------------------------------------------------ pools and lanes
    b.black_box("p_child", "Child", citation=C(
        "1", "The protocol covers all children (defined as under 18 years old) who run away or "
             "who are missing from home or care."))

    carer = b.pool("p_carer", "Parent, carer or placement", citation=C(
        "3.6", "When child goes missing notify the Police, CSC and parents where appropriate;"))
    l_carer = carer.lane("l_carer", "Parent / foster carer / residential staff", role="carer",
                         citation=C("3.6", "Foster Carers and Residential Support Workers"))

    police = b.pool("p_police", "Metropolitan Police", citation=C(
        "3.6", "Carry out investigations of missing children;"))
    l_pcr = police.lane("l_pcr", "Call handler / control room (CAD)", role="police_control_room",
                        citation=C("3.4", "All persons recorded by police as absent are monitored "
                                          "on the police CAD system."))
    l_psup = police.lane("l_psup", "Senior officer", role="police_supervisor", citation=C(
        "3.5", "Immediate police response with a senior officer leading the investigation;"))
    l_poff = police.lane("l_poff", "Investigating officer", role="police_officer", citation=C(
        "3.5", "Such cases should lead to the appointment of an Investigating Officer"))

    la = b.pool("p_la", "Lambeth Children's Social Care", citation=C(
        "1", "Children running away and going missing from home is a key safeguarding issue for "
             "Lambeth Children's Services."))
    l_fd = la.lane("l_fd", "First Response Team / duty manager", role="front_door", citation=C(
        "11.2", "These cases are screened by the First Response Team who consider current and "
                "historical factors."))
    l_sw = la.lane("l_sw", "Social worker", role="social_worker", citation=C(
        "12.3", "The child's social worker or EDT also needs to be informed."))
    l_tm = la.lane("l_tm", "Team manager", role="team_manager", citation=C(
        "11.3", "Strategy Meetings are to be chaired by the social work team manager"))
    l_iro = la.lane("l_iro", "Independent reviewing officer", role="iro", citation=C(
        "12.4", "Following 1 month of being missing the strategy meetings/professionals meetings "
                "are to be chaired by the IRO."))
    l_mc = la.lane("l_mc", "Missing Coordinator", role="missing_coordinator", citation=C(
        "7", "The Missing Coordinator will monitor the actions, plans and outcomes for children "
             "considered to be high risk missing"))
    l_sm = la.lane("l_sm", "Assistant Director / Service Manager", role="senior_manager",
                   citation=C("Appendix 3", "Where a Looked After Child has been missing for 3 "
                                            "days, the Assistant Director needs to be notified."))

    rhi = b.pool("p_rhi", "Barnardos return home interview service", citation=C(
        "14.2", "For children missing from care, the Barnardos return home interview service "
                "should be notified by the social worker", "should"))
    l_rhi = rhi.lane("l_rhi", "Barnardos worker", role="return_interview_provider", citation=C(
        "14.2", "The Barnardos workers will contact the child, offer an interview and make "
                "arrangements to meet."))

    edu = b.pool("p_edu", "School", citation=C(
        "3.6", "Notify the specific and relevant team, as set out below, of children who are "
               "missing from the school roll"))
    l_edu = edu.lane("l_edu", "School / attendance", role="education", citation=C(
        "3.6", "Schools and colleges will:"))

    # ------------------------------------------------------------------ carer
    l_carer.start("c_start", "Child not where expected", citation=C(
        "12.2", "Where a child is absent without permission from a residential unit or foster "
                "home all reasonable and practical steps should be taken", "should"))
    l_carer.task("c_checks", "Do what a reasonable parent would do to locate the child",
                 duty="locate_child", time=T("PT30M", "PT1H", "PT2H"), citation=[
                     C("12.2", "do all that a reasonable parent would do to locate and ensure "
                               "the safe return of the child / young person", "must"),
                     C("11.1", "It is expected that they should have made all appropriate "
                               "enquiries to locate the child before reporting them to the "
                               "police", "should")])
    l_carer.gateway("c_gw", "Missing or unauthorised absence?", citation=C(
        "12.2", "The residential unit / foster carer should decide whether the child is missing "
                "or if it is an unauthorised absence.", "should"))
    l_carer.task("c_ua_notify", "Tell the social worker / EDT of the unauthorised absence",
                 duty="notify_social_worker", time=K("PT10M"), kind="sendTask", citation=C(
                     "12.2", "Foster carers may contact the child's social worker, their "
                             "supervising social worker or out of hours service for advice.",
                     "may"))
    l_carer.end("c_end_ua", "Unauthorised absence, not reported", citation=C(
        "3.2", "For children looked after, foster carers and residential workers will need to "
               "refer to the specific advice in the child's Placement Plan."))
    l_carer.task("c_report", "Report the child missing to the police", duty="report_missing",
                 time=T("PT10M", "PT20M", "PT40M"), kind="sendTask", citation=[
                     C("12.3", "The foster carer or residential unit should inform the local "
                               "Police and report the child as missing.", "should"),
                     C("11.1", "When a young person goes missing from home the police should "
                               "be informed by the parents or those with a Parental "
                               "Responsibility.", "should"),
                     C("12.3", "This form should always be provided to the Police at the time "
                               "of reporting a Looked After Child missing.", "should")])
    l_carer.task("c_inform", "Inform the social worker / EDT, supervising social worker, parents",
                 duty="notify_social_worker", time=K("PT15M"), citation=C(
                     "12.3", "The child's social worker or EDT also needs to be informed. Foster "
                             "Carers should inform their supervising social worker.", "should"))
    l_carer.end("c_end", "Reported; police and CSC respond", citation=C(
        "3.6", "Work with the police and CSC to ensure the child's safe return to placement;"))
    b.chain("c_start", "c_checks", "c_gw")
    b.flow("c_gw", "c_ua_notify", name="Whereabouts known, no risk factors",
           condition="whereabouts_known and not exploitation_risk and not trafficking_risk",
           citation=C("3.2", "These children are not classed as missing, and should not be "
                             "reported to the police unless there are risk factors present",
                      "should"))
    b.flow("c_gw", "c_report", name="Missing, or absent with risk factors", default=True,
           citation=C("12.2", "Any child who is 12 years old or younger whose whereabouts are "
                              "unknown;"))
    b.chain("c_ua_notify", "c_end_ua")
    b.chain("c_report", "c_inform", "c_end")

    # ------------------------------------------------------------------ police
    l_pcr.start("p_start", "Missing report received", event="message", citation=C(
        "3.4", "When a parent/carer/professional reports to the police they will assess whether "
               "a child is missing or absent based on the information provided."))
    l_pcr.task("p_grade", "Assess missing or absent and grade the risk",
               duty="police_risk_assessment", time=T("PT10M", "PT20M", "PT45M"), citation=[
                   C("3.5", "The police will prioritise all incidents of missing children as "
                            "medium or high risk, the majority being medium."),
                   C("9", "The police will prioritise missing children reports and their "
                          "response;")])
    l_pcr.task("p_merlin", "Notify children's social care (MERLIN)", duty="notify_social_worker",
               time=K("PT10M"), kind="sendTask", citation=C(
                   "3.6", "Notify other agencies of missing children reports via MERLIN;"))
    l_pcr.gateway("p_gw_grade", "Risk grading", citation=C(
        "3.5", "A missing child incident would be prioritised as below:"))
    l_pcr.task("p_monitor", "Monitor the absent child on CAD until located",
               duty="police_review_risk", time=K("PT30M"), kind="receiveTask", citation=[
                   C("3.5", "The child's absence will be recorded and agreement made as to how "
                            "and when the risk assessment will be reviewed."),
                   C("3.4", "Monitoring is ongoing and subject to regular reviews to ensure risk "
                            "levels do not change.")])
    l_pcr.boundary("p_t24", "Absent 24 hours: categorised as missing", attached_to="p_monitor",
                   duration="PT24H", calendar="clock", citation=[
                       C("3.4", "Any child who is recorded as absent, will be categorised as "
                                "missing by the police after 24 hours."),
                       C("3.4", "or a child will be escalated to missing by police after 24 "
                                "hours of being absent.")])
    l_psup.task("p_high", "Senior officer leads; notify UK Missing Persons Bureau and CEOP",
                duty="police_investigation", time=T("PT30M", "PT1H", "PT2H"), citation=[
                    C("3.5", "a member of the senior management team or similar command level "
                             "must be involved in the examination of initial enquiry lines",
                      "must"),
                    C("3.5", "The UK Missing Persons Bureau should be notified of the case "
                             "immediately.", "should")])
    l_poff.gateway("p_m_inv", "Missing: investigate", citation=C(
        "3.5", "This category requires an active and measured response by police and other "
               "agencies in order to trace the missing person"))
    l_poff.task("p_investigate", "Investigate and search until the child is found",
                duty="police_investigation", time=T("PT2H", "PT4H", "PT8H"),
                kind="receiveTask", citation=C(
                    "3.5", "This will involve a proactive investigation and search in accordance "
                           "with the circumstances to locate the missing child as soon as "
                           "possible."))
    l_poff.gateway("p_m_ret", "Child back", citation=C(
        "3.6", "Carry out safe and well checks as soon as possible when the child returns."))
    l_poff.task("p_swc", "Safe and well check", duty="safe_and_well_check",
                time=T("PT30M", "PT1H", "PT2H"), citation=[
                    C("14.1", "A safe and well check will be carried out for all children "
                              "returning home."),
                    C("14.1", "Once a child is found or returns home, the police will conduct "
                              "a safe and well check")])
    l_poff.end("p_end", "Police episode closed", citation=C(
        "14.1", "the police will decide what further action to take in terms of referring the "
                "child on for services."))
    b.chain("p_start", "p_grade", "p_merlin", "p_gw_grade")
    b.flow("p_gw_grade", "p_monitor", name="Absent (no apparent risk)",
           condition='risk in ["absent", "no_apparent_risk"]', citation=C(
               "3.4", "A person is not at a place where they are expected or required to be (and "
                      "there is no apparent risk)."))
    b.flow("p_gw_grade", "p_high", name="High risk", condition='risk == "high"', citation=C(
        "3.5", "The high risk category requires the immediate deployment of police resources."))
    b.flow("p_gw_grade", "p_m_inv", name="Medium risk", default=True, citation=C(
        "3.5", "The majority of missing children are under this category."))
    b.chain("p_t24", "p_m_inv")
    b.chain("p_high", "p_m_inv")
    b.chain("p_m_inv", "p_investigate", "p_m_ret")
    b.chain("p_monitor", "p_m_ret")
    b.chain("p_m_ret", "p_swc", "p_end")

    # ------------------------------------------------------------------ local authority: trunk
    l_fd.start("la_start", "Police missing notification received", event="message", citation=C(
        "11.2", "the MISPER report will still be recorded on the system as a contact which will "
                "be considered by the duty manager."))
    l_fd.task("la_record", "Check the missing register and record the episode",
              duty="record_episode", time=K("PT20M"), citation=[
                  C("11.2", "the missing register should be checked by the referrals manager "
                            "to see if a child has previously been reported missing.", "should"),
                  C("7", "It is very important that all missing episodes are added to the "
                         "missing register and closed once returned.")])
    l_sw.gateway("la_fork", "Meetings and escalations run side by side", kind="parallel",
                 citation=C("10", "Timescales and procedures for strategy meetings must be "
                                  "followed as set out below.", "must"))
    l_fd.gateway("la_gw_path", "Missing from care or from home?", citation=C(
        "12", "Research shows that children looked after by the Local Authority are "
              "over-represented in the cohort of children who go missing"))
    l_fd.task("la_oa_notify", "Notify the responsible authority (child placed in Lambeth)",
              duty="notify_placing_authority", time=K("PT30M"), side="host", citation=[
                  C("12.10", "has been reported missing from a Lambeth placement, notification "
                             "is given to the responsible local authority via the police and/or "
                             "referral officer"),
                  C("12.10", "the Missing Coordinator will make contact with the local Missing "
                             "Coordinator to request any relevant information")])
    l_sw.gateway("la_m_care", "Care response", citation=C(
        "12.9", "If children placed out of borough run away, this protocol should still be "
                "followed.", "should"))
    b.chain("la_start", "la_record", "la_fork", "la_gw_path")
    b.flow("la_gw_path", "la_oa_notify", name="Looked after, placed out of area",
           condition="looked_after and out_of_area", citation=C(
               "12.10", "Where a young person Looked After to another Local Authority has been "
                        "reported missing from a Lambeth placement"))
    b.flow("la_gw_path", "la_m_care", name="Missing from care",
           condition="looked_after and not out_of_area", citation=C(
               "12.3", "Where a child is deemed 'missing' it is essential to act promptly"))
    b.flow("la_gw_path", "la_m_hsm", name="Missing from home, allocated case",
           condition="(child_in_need or child_protection_plan) and not looked_after",
           citation=C("11.3", "Strategy Meetings when Missing from Home on an Allocated Case"))
    b.flow("la_gw_path", "la_u_screen", name="Missing from home, not open to CSC", default=True,
           citation=C("11.2", "If the young person does not have an allocated social worker the "
                              "MISPER report will still be recorded"))
    b.chain("la_oa_notify", "la_m_care")

    # ------------------------------------------------------------------ LA: missing from care
    l_sw.task("la_c_notify", "Inform the IRO, team manager, school and Virtual School",
              duty="notify_iro", time=K("PT20M"), side="responsible", citation=[
                  C("12.3", "The social worker will then inform the child's Independent "
                            "Reviewing Officer (IRO) and their team manager"),
                  C("12.7", "For Looked After Children, the IRO should also be notified as soon "
                            "as possible.", "should"),
                  C("12.7", "The Virtual School should also be notified", "should"),
                  C("11.4", "The child's school should always be informed and invited to "
                            "strategy meetings as they may hold valuable information.",
                    "should")])
    l_sw.task("la_c_sd", "Strategy discussion with police by telephone",
              duty="strategy_discussion", time=T("PT30M", "PT45M", "PT1H"), side="responsible",
              citation=[
                  C("12.4", "it is expected that the social work team and police will have a "
                            "strategy discussion over the telephone within at least 24 hours"),
                  C("10", "the first Strategy Meeting or discussion should be convened within "
                          "the first working day of the child's going missing, if possible",
                    "should")],
              deadlines=[
                  dict(name="Strategy discussion within 24 hours of the report", anchor="c_report",
                       limit="PT24H", calendar="clock", modality="describes",
                       side="responsible"),
                  dict(name="First strategy meeting or discussion within the first working day",
                       anchor="c_start", limit="P1D", calendar="working_days",
                       modality="should", side="responsible")])
    l_tm.task("la_c_sm", "Missing strategy meeting (missing from care)", duty="strategy_meeting",
              time=T("PT1H", "PT2H", "PT3H"), side="responsible", citation=[
                  C("12.4", "A missing strategy meeting should take place as soon as possible "
                            "and within 3 days of going missing.", "should"),
                  C("10", "a strategy meeting should be held at the latest, within 7 days if "
                          "missing from home, or within 3 days if missing from care.", "should"),
                  C("Appendix 3", "if possible, and at the latest, within 7 days if missing from "
                                  "home, or within 3 days if missing from care.", "should")],
              deadlines=[dict(name="Strategy meeting within 3 days of going missing (care)",
                              anchor="c_start", limit="P3D", calendar="clock",
                              modality="should", side="responsible")])
    l_tm.boundary("la_c_sm_ret", "Child returns before the meeting", attached_to="la_c_sm",
                  event="message", citation=C(
                      "10", "If the child returns prior to the meeting, the meeting can be "
                            "cancelled", "may"))
    b.chain("la_m_care", "la_c_notify", "la_c_sd", "la_c_sm", "la_m_rev")

    # ------------------------------------------------------------------ LA: missing from home
    l_tm.gateway("la_m_hsm", "Home strategy meeting", citation=C(
        "11.2", "a strategy meeting should be booked to be held within 7 days if the child does "
                "not return home.", "should"))
    l_tm.task("la_h_sm", "Missing strategy meeting (missing from home)", duty="strategy_meeting",
              time=T("PT1H", "PT2H", "PT3H"), citation=[
                  C("11.3", "A missing strategy meeting should take place as soon as possible "
                            "and within 7 days of going missing.", "should"),
                  C("Appendix 3", "The first strategy meeting or discussion should be convened "
                                  "within the first working day of the child's going missing",
                    "should"),
                  C("11.3", "Strategy Meetings are to be chaired by the social work team manager "
                            "who needs to record the minutes, risk assessment, and actions")],
              deadlines=[
                  dict(name="Strategy meeting within 7 days of going missing (home)",
                       anchor="c_start", limit="P7D", calendar="clock", modality="should"),
                  dict(name="First strategy meeting or discussion within the first working day",
                       anchor="c_start", limit="P1D", calendar="working_days",
                       modality="should")])
    l_tm.boundary("la_h_sm_ret", "Child returns before the meeting", attached_to="la_h_sm",
                  event="message", citation=C(
                      "11.3", "If the child returns the meeting can be cancelled.", "may"))
    l_fd.task("la_u_screen", "Screen the contact (not open to CSC); child back within 24 hours?",
              duty="screen_notification", time=K("PT30M"), kind="receiveTask", citation=[
                  C("11.2", "These cases are screened by the First Response Team who consider "
                            "current and historical factors."),
                  C("11.2", "If the child is returned within 24 hours but the police believe "
                            "there are concerning issues, they should make a referral to CSC")])
    l_fd.boundary("la_u_t24", "Missing over 24 hours", attached_to="la_u_screen",
                  duration="PT24H", calendar="clock", citation=C(
                      "11.2", "If a child has been missing and whereabouts unknown for over 24 "
                              "hours, without an immediate concern warranting a Section 47"))
    l_fd.task("la_u_sd", "Strategy discussion between police and CSC",
              duty="strategy_discussion", time=K("PT45M"), citation=C(
                  "11.2", "a strategy discussion should still take place between police and "
                          "CSC", "should"))
    b.chain("la_u_t24", "la_u_sd", "la_m_hsm")
    b.chain("la_m_hsm", "la_h_sm", "la_m_rev")

    # ------------------------------------------------------------------ LA: review cycle
    l_tm.gateway("la_m_rev", "Review cycle", citation=C(
        "12.4", "If the child remains missing, review strategy meetings need to take place at a "
                "minimum of fortnightly for the first month"))
    l_tm.gateway("la_rev_gw", "Next review due, or child returns?", kind="event", citation=C(
        "11.5", "Until such time as a child is no longer missing, regular liaison and "
                "communication should take place between the Police and referring/involved "
                "agencies.", "should"))
    l_tm.timer("la_rev_t", "Review meeting due (14 days, 28 days after 1 month)",
               duration="P14D", calendar="clock", change=("c_start", "P1M", "P28D"), citation=[
                   C("10", "Further strategy meetings to take place at least fortnightly, or "
                           "weekly if required."),
                   C("10", "Once a child has been missing for 1 month, meetings to happen at "
                           "least every 28 days."),
                   C("11.3", "if the child remains missing follow up meetings are to be within "
                             "maximum of 14 days."),
                   C("11.3", "Once the child has been missing for 1 month strategy meetings to "
                             "take place within maximum 28 days"),
                   C("12.4", "at a minimum of fortnightly for the first month, then they can be "
                             "held every 28 days following 1 month of being missing."),
                   C("Appendix 3", "7 days. Further strategy meetings to take place at least "
                                   "fortnightly, or weekly if required. Once a child has been "
                                   "missing for 1 month"),
                   C("Appendix 3", "28 days. The professional network can have these meetings "
                                   "more frequently if needed. Team managers are to chair "
                                   "meetings. If")])
    l_tm.catch("la_rev_ret", "Child found or returns", citation=C(
        "11.7", "the case remaining open until the child is found."))
    l_tm.gateway("la_rev_chair", "Who reviews?", citation=C(
        "10", "Team managers are to chair meetings"))
    l_tm.task("la_rev_tm", "Review strategy meeting (team manager chairs)",
              duty="review_strategy_meeting", time=T("PT1H", "PT1H30M", "PT2H"), citation=C(
                  "10", "Additional strategy meetings can be called if necessary to progress "
                        "actions"))
    l_iro.task("la_rev_iro", "Review strategy meeting (IRO chairs)",
               duty="review_strategy_meeting", time=T("PT1H", "PT1H30M", "PT2H"),
               side="responsible", citation=[
                   C("10", "however if a looked after child has been missing for 28 days then "
                           "the IRO is to chair."),
                   C("Appendix 3", "chair meetings. If a looked after child has been missing "
                                   "for 28 days then the IRO is to chair."),
                   C("12.4", "Following 1 month of being missing the strategy "
                             "meetings/professionals meetings are to be chaired by the IRO.")])
    l_sm.task("la_sm_close", "Service Manager reviews the case before closure; tell the Missing "
                             "Coordinator", duty="closure", time=K("PT1H"), citation=[
                  C("11.7", "his/her case should remain allocated with regular strategy "
                            "meetings and actions to seek to find and safeguard the child for at "
                            "least three months.", "should"),
                  C("11.7", "a Service Manager should review the case before any decision for "
                            "closure", "should"),
                  C("11.7", "In such cases, the Missing Coordinator should be notified that the "
                            "case has been closed to Children's Social Care.", "should")])
    l_mc.task("la_mc_liaise", "Liaise with the police until the child is found",
              duty="share_information", time=K("PT1H"), kind="receiveTask", citation=[
                  C("11.7", "The case will remain open to the police until the child or young "
                            "person is found."),
                  C("11.7", "When the child is found the case would be re-opened and allocated "
                            "for assessment.")])
    b.chain("la_m_rev", "la_rev_gw")
    b.flow("la_rev_gw", "la_rev_t")
    b.flow("la_rev_gw", "la_rev_ret")
    b.chain("la_rev_t", "la_rev_chair")
    b.flow("la_rev_chair", "la_rev_iro", name="Looked after, missing 28 days",
           condition="looked_after and missing_hours >= 672", citation=C(
               "10", "however if a looked after child has been missing for 28 days then the IRO "
                     "is to chair."))
    b.flow("la_rev_chair", "la_sm_close", name="Known to CSC, missing three months",
           condition="not looked_after and not child_protection_plan and missing_hours >= 2160",
           citation=C("11.7", "If the child continues to remain missing, and there are no "
                              "further actions that can realistically be undertaken by "
                              "Children's Social Care"))
    b.flow("la_rev_chair", "la_rev_tm", name="Team manager chairs", default=True, citation=C(
        "12.4", "Missing Strategy Meetings are to be chaired by the social work Team Manager."))
    b.chain("la_rev_tm", "la_m_rev")
    b.chain("la_rev_iro", "la_m_rev")
    b.chain("la_sm_close", "la_mc_liaise", "la_m_post")
    b.chain("la_rev_ret", "la_m_post")
    b.chain("la_u_screen", "la_m_post")

    # ------------------------------------------------------------------ LA: returned before meeting
    l_tm.gateway("la_m_keep", "Returned before the meeting", citation=C(
        "11.3", "If the meeting is cancelled decisions for this are to be uploaded on Mosaic by "
                "the Team Manager."))
    l_tm.gateway("la_gw_keep", "Still hold a professionals meeting?", citation=C(
        "10", "however where there are repeat concerns or high risk to the child, it is "
              "recommended that a professionals meeting is still held."))
    l_tm.task("la_pm", "Professionals meeting after the return", duty="strategy_meeting",
              time=T("PT1H", "PT2H", "PT3H"), citation=[
                  C("11.3", "if there remain high risks to the child or it is likely that the "
                            "child may go missing again, the meeting should still be held",
                    "should"),
                  C("11.3", "for the purpose of information sharing, risk assessing, and "
                            "planning to reduce further missing episodes.")])
    b.chain("la_c_sm_ret", "la_m_keep")
    b.chain("la_h_sm_ret", "la_m_keep")
    b.chain("la_m_keep", "la_gw_keep")
    b.flow("la_gw_keep", "la_pm", name="High risk, repeat concerns, or missing over 5 days",
           condition='risk == "high" or episodes_in("P90D") >= 2 or '
                     '(not looked_after and missing_hours > 120)',
           citation=C("11.2", "If the child remains missing for over 5 days, but returns within "
                              "7 days, it is recommended that the professionals meeting still "
                              "goes ahead"))
    b.flow("la_gw_keep", "la_m_post", name="Meeting cancelled", default=True, citation=C(
        "10", "If the child returns prior to the meeting, the meeting can be cancelled"))
    b.chain("la_pm", "la_m_post")
    l_sw.gateway("la_m_post", "Child back", citation=C(
        "11.4", "It is important also to remember to communicate with all professionals that a "
                "child has returned home"))

    # ------------------------------------------------------------------ LA: escalation track
    l_sw.gateway("la_e_gw0", "Looked after child?", citation=C(
        "12.3", "If the child remains missing for 3 days the Assistant Director must be "
                "informed.", "must"))
    l_sw.task("la_c_rhi_ref", "Refer to Barnardos for a return home interview",
              duty="offer_return_interview", time=K("PT20M"), kind="sendTask",
              side="responsible", citation=[
                  C("12.3", "should be sent once the child goes missing so they are more likely "
                            "to be seen in the 72 hour window.", "should"),
                  C("13", "Completing the referral to Barnardos for a Return Home Interview in "
                          "advance for a Looked After Child")])
    l_sw.task("la_e_search", "Do all a good parent would do to find the child, until found",
              duty="locate_child", time=T("PT1H", "PT2H", "PT4H"), kind="receiveTask",
              side="responsible", citation=[
                  C("12.5", "Social workers, foster carers, and other professionals should do all "
                            "that a good parent would do to find their child", "should"),
                  C("12.5", "this responsibility is not absolved when a child is reported "
                            "missing to the Police.")])
    l_sw.boundary("la_e_t3", "Missing 3 days", attached_to="la_e_search", interrupting=False,
                  duration="P3D", calendar="clock", citation=[
                      C("12.3", "If the child remains missing for 3 days the Assistant Director "
                                "must be informed.", "must"),
                      C("Appendix 3", "Where a Looked After Child has been missing for 3 days, "
                                      "the Assistant Director needs to be notified.")])
    l_sw.boundary("la_e_t7", "Missing 7 days", attached_to="la_e_search", interrupting=False,
                  duration="P7D", calendar="clock", citation=[
                      C("12.3", "If the child remains missing for 7 days, the Director and the "
                                "lead member of the Corporate Parenting Board need to be "
                                "informed."),
                      C("Appendix 3", "They will notify the Director, Lead Member and Corporate "
                                      "Parenting Board if the child remains missing for 7 "
                                      "days.")])
    l_tm.task("la_e_ad", "Inform the Assistant Director", duty="notify_senior_manager",
              time=K("PT15M"), side="responsible", citation=C(
                  "12.3", "If the child remains missing for 3 days the Assistant Director must "
                          "be informed.", "must"))
    l_tm.end("la_e_end_ad", "Assistant Director informed", citation=C(
        "Appendix 3", "Where a Looked After Child has been missing for 3 days, the Assistant "
                      "Director needs to be notified."))
    l_sm.task("la_e_dir", "Assistant Director informs Director, Lead Member, Corporate Parenting "
                          "Board", duty="notify_senior_manager", time=K("PT15M"),
              side="responsible", citation=C(
                  "Appendix 3", "They will notify the Director, Lead Member and Corporate "
                                "Parenting Board if the child remains missing for 7 days."))
    l_sm.end("la_e_end_dir", "Director and Lead Member informed", citation=C(
        "12.3", "the Director and the lead member of the Corporate Parenting Board need to be "
                "informed."))
    l_sw.task("la_c_rhi_ret", "Tell Barnardos the child has returned",
              duty="offer_return_interview", time=K("PT10M"), kind="sendTask",
              side="responsible", citation=C(
                  "14.2", "return home interview service should be notified by the social "
                          "worker, or EDT if appropriate, of when a child who has been referred "
                          "returns.", "should"))
    l_sw.task("la_c_rhi_rec", "Receive and read the Barnardos RHI (or refusal)",
              duty="share_return_interview", time=K("PT20M"), kind="receiveTask",
              side="responsible", citation=[
                  C("14.3", "It is very important that RHI's are read carefully by social "
                            "workers."),
                  C("14.2", "If this is refused then the Barnardos worker must liaise with the "
                            "social worker.", "must")])
    l_sw.gateway("la_e_m2", "Escalation track done", citation=C(
        "12.5", "Actions from strategy discussions and meetings need to be urgently progressed."))
    l_sw.gateway("la_join", "Meetings and escalations done", kind="parallel", citation=C(
        "12.7", "It is important also to remember to communicate with all professionals that a "
                "child has returned to their placement"))
    b.flow("la_fork", "la_e_gw0")
    b.flow("la_e_gw0", "la_c_rhi_ref", name="Looked after", condition="looked_after",
           citation=C("12.3", "A referral to Barnardos for an independent return home interview "
                              "should be sent once the child goes missing", "should"))
    b.flow("la_e_gw0", "la_e_m2", name="Not looked after", default=True, citation=C(
        "14.2", "For children missing from home, the social worker or other identified person "
                "can carry out a Return Home Interview"))
    b.chain("la_c_rhi_ref", "la_e_search", "la_c_rhi_ret", "la_c_rhi_rec", "la_e_m2",
            "la_join")
    b.chain("la_e_t3", "la_e_ad", "la_e_end_ad")
    b.chain("la_e_t7", "la_e_dir", "la_e_end_dir")
    b.chain("la_m_post", "la_ret_record", "la_join")

    # ------------------------------------------------------------------ LA: after the return
    l_sw.task("la_ret_record", "Record the return; close on the missing register; tell "
                               "professionals", duty="record_episode", time=K("PT30M"),
              citation=[
                  C("7", "It is very important that all missing episodes are added to the "
                         "missing register and closed once returned."),
                  C("11.4", "brief updated information where known about why they were "
                            "missing, where they were located")])
    l_sw.gateway("la_gw_rhi", "Return home interview by the social worker?", citation=C(
        "14.2", "All children who come under Lambeth local authority who are classed as missing "
                "by police will be offered an independent return home interview"))
    l_sw.task("la_h_rhi", "Return home interview (social worker or trusted professional)",
              duty="return_interview", time=T("PT1H", "PT1H30M", "PT3H"), citation=[
                  C("14.2", "will be offered an independent return home interview within 72 "
                            "hours of their return."),
                  C("14.2", "Where a young person refuses to engage in a return home interview, "
                            "the social worker should obtain relevant information from the "
                            "parents or carers.", "should")],
              deadlines=[dict(name="Return home interview within 72 hours of return",
                              anchor="la_ret_record", limit="PT72H", calendar="clock",
                              modality="describes")])
    l_sw.gateway("la_m_act", "Interview done or not due", citation=C(
        "14.3", "If a child refuses a RHI then this needs to be recorded on Mosaic"))
    l_sw.task("la_action", "Use the RHI: update risk assessment, forms and plan; share key risks",
              duty="action_plan", time=T("PT1H", "PT2H", "PT4H"), citation=[
                  C("14.3", "The information should also used to update their missing risk "
                            "assessment and information sharing forms, and should inform longer "
                            "term planning", "should"),
                  C("14.3", "Key relevant information from the RHIs that has immediate bearing "
                            "on risk should also be shared quickly with police", "should")])
    l_sw.end("la_end", "Episode closed", citation=C(
        "7", "It is very important that all missing episodes are added to the missing register "
             "and closed once returned."))
    b.chain("la_join", "la_gw_rhi")
    b.flow("la_gw_rhi", "la_h_rhi", name="From home, classed as missing by police",
           condition='not looked_after and (risk in ["low", "medium", "high"] or '
                     'missing_hours >= 24)',
           citation=C("14.2", "For children missing from home, the social worker or other "
                              "identified person can carry out a Return Home Interview",
                      "may"))
    b.flow("la_gw_rhi", "la_m_act", name="Barnardos (care) or police absent", default=True,
           citation=C("14.2", "For children missing from care, the Barnardos return home "
                              "interview service should be notified by the social worker"))
    b.chain("la_h_rhi", "la_m_act", "la_action", "la_end")

    # ------------------------------------------------------------------ LA: unauthorised absence
    l_tm.start("la_ua_start", "Unauthorised absence notified (whereabouts known)",
               event="message", citation=C(
                   "10", "Where a child is not in police terms missing, but is absent with "
                         "whereabouts known, the Team Manager will need to consider"))
    l_sw.task("la_ua_watch", "Encourage the child's return while absent (whereabouts known)",
              duty="arrange_return", time=K("PT1H"), kind="receiveTask", citation=C(
                  "10", "and actions being undertaken to encourage the child's return to "
                        "home/placement."))
    l_sw.boundary("la_ua_t3", "Absent 3 days", attached_to="la_ua_watch", interrupting=False,
                  duration="P3D", calendar="clock", citation=[
                      C("10", "but remains absent for 3-7 days, the Team Manager should decide "
                              "if a professionals meeting is still appropriate", "should"),
                      C("Appendix 3", "but remains absent for 3/7 days, the Team Manager should "
                                      "decide if a professionals meeting is still appropriate",
                        "should")])
    l_tm.task("la_ua_decide", "Decide on, and if needed hold, a professionals meeting",
              duty="strategy_meeting", time=K("PT30M"), citation=[
                  C("10", "but remains absent for 3-7 days, the Team Manager should decide if a "
                          "professionals meeting is still appropriate", "should"),
                  C("10", "If a meeting is not required, the Team Manager should add a case note "
                          "to record this decision and reason", "should")],
              deadlines=[dict(name="Decision on a professionals meeting by day 7 of absence",
                              anchor="c_start", limit="P7D", calendar="clock",
                              modality="should")])
    l_tm.end("la_ua_end1", "Decision recorded", citation=C(
        "10", "If a child on an allocated case is 'absent' but whereabouts known is not "
              "considered at immediate risk to warrant a Section 47"))
    l_sw.end("la_ua_end2", "Absence over", citation=C(
        "3.2", "this is a pattern of repeated behaviour where the young person returns home "
               "after a few hours"))
    b.chain("la_ua_start", "la_ua_watch", "la_ua_end2")
    b.chain("la_ua_t3", "la_ua_decide", "la_ua_end1")

    # ------------------------------------------------------------------ LA: repeat episodes
    l_mc.start("la_rep_start", "Missing 2 or more times in 90 days (not open to CSC)",
               event="conditional",
               condition='episodes_in("P90D") >= 2 and not looked_after and not child_in_need '
                         'and not child_protection_plan',
               citation=C("11.2", "If a child goes missing 2 or more times in 90 days the case "
                                  "will be allocated for a C and F assessment"))
    l_mc.task("la_rep_alloc", "Allocate for a C and F assessment; consider a missing meeting",
              duty="repeat_review", time=K("PT1H"), citation=[
                  C("11.2", "any repeat missing episodes or other concerning cases will be "
                            "recommended for assessment."),
                  C("11.2", "it may be helpful to hold a missing strategy/professionals meeting "
                            "as per Appendix 3", "may")])
    l_mc.end("la_rep_end", "Repeat episodes referred for assessment", citation=C(
        "11.2", "it will be very important as part of this assessment that information is sought "
                "from all agencies."))
    b.chain("la_rep_start", "la_rep_alloc", "la_rep_end")

    # ------------------------------------------------------------------ Barnardos
    l_rhi.start("rhi_start", "Referral received", event="message", citation=C(
        "13", "so that this can be progressed immediately on their return;"))
    l_rhi.catch("rhi_wait", "Told the child has returned", citation=C(
        "12.3", "Once they return then a quick phone call or email can be made to Barnardos."))
    l_rhi.gateway("rhi_gw", "Child accepts the interview?", citation=C(
        "14.2", "The Barnardos workers will contact the child, offer an interview and make "
                "arrangements to meet."))
    l_rhi.task("rhi_interview", "Independent return home interview", duty="return_interview",
               time=T("PT1H", "PT1H30M", "PT2H"), citation=[
                   C("14.2", "will be offered an independent return home interview within 72 "
                             "hours of their return."),
                   C("14.3", "it is crucial that the interviewer goes through confidentiality "
                             "with the child before the interview commences.")],
               deadlines=[dict(name="Return home interview within 72 hours of return",
                               anchor="rhi_wait", limit="PT72H", calendar="clock",
                               modality="describes")])
    l_rhi.end("rhi_end_rec", "RHI record sent to the social worker", event="message",
              citation=[C("14.2", "Information from the return home interview can be used to "
                                  "inform case planning."),
                        C("14.3", "Key relevant information from the RHIs that has immediate "
                                  "bearing on risk should also be shared quickly with police",
                          "should")])
    l_rhi.end("rhi_end_ref", "Refusal: liaise with the social worker", event="message",
              citation=C("14.2", "If this is refused then the Barnardos worker must liaise with "
                                 "the social worker.", "must"))
    b.chain("rhi_start", "rhi_wait", "rhi_gw")
    b.flow("rhi_gw", "rhi_interview", name="Accepted", condition='decision == "accepted"',
           probability=0.7, citation=C(
               "14.2", "It is good practice to ask the child who they wish to speak to."))
    b.flow("rhi_gw", "rhi_end_ref", name="Refused", default=True, citation=C(
        "14.2", "If this is refused then the Barnardos worker must liaise with the social "
                "worker.", "must"))
    b.chain("rhi_interview", "rhi_end_rec")

    # ------------------------------------------------------------------ school
    l_edu.start("e_start", "Child not attending school, reason unknown", event="conditional",
                condition="missing_education", citation=C(
                    "3.6", "Notify the specific and relevant team, as set out below, of children "
                           "who are missing from the school roll", "describes"))
    l_edu.gateway("e_gw", "Absent 10 school days, or back?", kind="event", citation=C(
        "4", "Children missing education are defined as those who are not on a school roll or "
             "receiving suitable education otherwise than at school."))
    l_edu.timer("e_t10", "10 school days missed", duration="P10D", calendar="school_days",
                citation=[
                    C("4", "Those who are regularly absent or have missed 10 school days or "
                           "more without permission may be at risk of becoming 'children "
                           "missing education'."),
                    C("4", "fails to attend school or goes missing from the school roll for 10 "
                           "days the school must notify the Monitoring and Inclusion Officer",
                      "must")])
    l_edu.task("e_cme", "Notify the Monitoring and Inclusion Officer (CME)", duty="cme_referral",
               time=K("PT20M"), citation=C(
                   "4", "fails to attend school or goes missing from the school roll for 10 "
                        "days the school must notify the Monitoring and Inclusion Officer",
                   "must"))
    l_edu.end("e_end_cme", "Monitoring and Inclusion Officer acts", citation=C(
        "4", "who will take action to ensure that the child is safe and well and to make "
             "arrangements for them to return to full time education."))
    l_edu.catch("e_ret", "Child back in school", citation=C(
        "3.6", "Help children returning from a missing episode to settle back into education."))
    l_edu.end("e_end", "Child settles back into education", citation=C(
        "3.6", "Help children returning from a missing episode to settle back into education."))
    b.chain("e_start", "e_gw")
    b.flow("e_gw", "e_t10")
    b.flow("e_gw", "e_ret")
    b.chain("e_t10", "e_cme", "e_end_cme")
    b.chain("e_ret", "e_end")

    # ------------------------------------------------------------------ message flows
    b.message("c_report", "p_start", "Missing report (101 / 999, information sharing form)",
              citation=C("9", "The following information needs to be provided to the police "
                              "when a child is being reported as missing:"))
    b.message("c_ua_notify", "la_ua_start", "Unauthorised absence notified", citation=C(
        "3.6", "where there are concerns for the safety of a child who is absent without "
               "authorisation"))
    b.message("p_merlin", "la_start", "MERLIN notification", citation=C(
        "3.6", "Notify other agencies of missing children reports via MERLIN;"))
    b.message("la_c_rhi_ref", "rhi_start", "RHI referral", citation=C(
        "12.3", "A referral to Barnardos for an independent return home interview should be sent "
                "once the child goes missing", "should"))
    b.message("la_c_rhi_ret", "rhi_wait", "Child has returned", citation=C(
        "12.3", "Once they return then a quick phone call or email can be made to Barnardos."))
    b.message("rhi_end_rec", "la_c_rhi_rec", "RHI record", citation=C(
        "14.3", "It is very important that RHI's are read carefully by social workers."))
    b.message("rhi_end_ref", "la_c_rhi_rec", "RHI refused", citation=C(
        "14.2", "If this is refused then the Barnardos worker must liaise with the social "
                "worker.", "must"))
    found = C("14.1", "Once a child is found or returns home")
    for target in ("p_monitor", "p_investigate", "la_c_sm_ret", "la_h_sm_ret", "la_u_screen",
                   "la_rev_ret", "la_mc_liaise", "la_e_search",
                   "la_ua_watch", "e_ret"):
        b.message("p_child", target, "Child found or returns", citation=found,
                  flow_id=f"mf_child_{target}")

    # ------------------------------------------------------------------ omissions
    omissions(b)
    return b


def omissions(b: ModelBuilder) -> None:
    """Timescales and rules deliberately not encoded, and the ambiguities found."""
    o = b.omit
    # Background, definitions and resources: no duty of the episode process.
    o("12.8", "local authorities have very similar duties and responsibilities towards 16 and 17 "
              "year old care leavers as they do to children in care",
      "Background: 16 and 17 year old care leavers get the same response; the model treats every "
      "age 0-17 alike, so no separate rule.")
    o("12.8", "the response to a missing child age 16 and 17 year old should be the same.",
      "No separate rule: the model's response does not depend on age 16-17.")
    o("12.8", "Care leavers, particularly 16 and 17 year olds, are often vulnerable to Child Sexual "
              "Exploitation and may go missing from their home or accommodation.",
      "Background on vulnerability; not a duty or timescale.")
    o("15.1", "Homeless 16/17 year olds",
      "Heading of the homelessness assessment duties, which are not part of the missing episode.")
    o("15.1", "When a 16 or 17 year old runs away or goes missing they are no less vulnerable than "
              "younger children",
      "Background: no separate response for 16 and 17 year olds.")
    o("15.1", "When a 16-17 year old presents as homeless, local authority children's services "
              "must assess their needs as for any other child.",
      "Homelessness assessment: a different process from the missing episode.")
    o("15.1", "to secure or provide accommodation for homeless 16 and 17 year olds.",
      "Housing duties: a different process from the missing episode.")
    o("15.2", "Trafficked children are at high risk of going missing, with most going missing "
              "within one week of becoming looked after and many within 48 hours.",
      "Background research finding about when trafficked children go missing, not a duty.")
    o("16", "24 Hour Child Protection National Helpline",
      "Resource directory entry (a helpline's opening hours), not a duty.")
    # Timescales that are not duties of this process, or duplicate an encoded element.
    o("10", "Whether a further strategy meeting should be called before the child / young person "
            "has been missing for 7 days;",
      "Agenda item the strategy meeting decides; the review timer la_rev_t encodes the stated "
      "minimum interval (fortnightly).")
    o("10", "or weekly if required.",
      "Optional higher frequency ('if required'); la_rev_t encodes the minimum, fortnightly.")
    o("11.2", "Section 47 investigation is initiated on a new referral, a Missing Strategy "
              "Meeting must be held as soon as possible, and within 7 days",
      "Not a separate branch: the model draws no Section 47 decision on new referrals; such "
      "children take the home route, whose meeting la_h_sm has a 7-day deadline (modality "
      "should there, must here).")
    o("11.2", "they should make a referral to CSC even after the child is returned home.",
      "Not encoded: the model's police notify CSC of every report via MERLIN (p_merlin), so a "
      "child back within 24 hours is already known to CSC.")
    o("11.7", "The Missing Coordinator will continue to have regular liaison with the police on a "
              "minimum monthly basis",
      "Recurring liaison after the case is closed to CSC: encoded as the Missing Coordinator's "
      "task la_mc_liaise, which lasts until the child is found; the monthly rhythm is not a "
      "timer (a liaison cycle after closure would add states but no duty the episode measures).")
    o("3.5", "Where a child is recorded as being absent, the details will be recorded by the "
             "police, who will also agree review times",
      "SILENT: no interval is given for police reviews of an absent child; only the 24-hour "
      "re-categorisation (p_t24) is encoded.")
    # Findings: ambiguities and silences.
    o("12.4", "within at least 24 hours and this is recorded on Mosaic",
      "AMBIGUOUS: 'within at least 24 hours' reads as a minimum ('at least') and a maximum "
      "('within'); encoded as the literal maximum, a 24-hour deadline on la_c_sd, with modality "
      "'describes' because the text says 'it is expected'.")
    o("10", "but remains absent for 3-7 days, the Team Manager should decide",
      "AMBIGUOUS: section 10 says '3-7 days', Appendix 3 says '3/7 days' (which may mean 3 days "
      "from care, 7 days from home, like the strategy meeting rule). Encoded literally as a "
      "window: boundary timer la_ua_t3 at 3 days and a 7-day deadline on la_ua_decide.")
    o("10", "If a child on an allocated case is 'absent' but whereabouts known",
      "AMBIGUOUS: 'absent' is the police category for whereabouts unknown with no apparent risk "
      "(3.4), yet here it means whereabouts known (an unauthorised absence, 3.2). Encoded as the "
      "unauthorised-absence thread (la_ua_*), started by the carer's notification.")
    o("10", "Where a child is missing, i.e. whereabouts unknown",
      "AMBIGUOUS: whether police-'absent' children (also whereabouts unknown) get the strategy "
      "meeting timescales. Encoded literally: every child the police notify (p_merlin) takes "
      "the meeting route; a later passage ties meetings to children 'identified by police as "
      "missing'.")
    o("14.2", "All children who come under Lambeth local authority who are classed as missing by "
              "police",
      "AMBIGUOUS: 'offered ... within 72 hours' may bound the offer or the interview; encoded "
      "as a 72-hour deadline on the interview itself (12.3 speaks of being 'seen in the 72 hour "
      "window'). Children the police class as absent and who are back within 24 hours get no "
      "RHI (condition on la_gw_rhi).")
    o("4", "goes missing from the school roll for 10 days",
      "AMBIGUOUS: the duty says '10 days', the sentence before says '10 school days'; encoded "
      "as 10 school days (e_t10), the unit in which attendance is counted.")
    o("Appendix 3", "The first strategy meeting or discussion should be convened within the first "
                    "working day",
      "AMBIGUOUS: conflicts with 11.2, where for a child not open to CSC the strategy discussion "
      "follows only once the child has been missing over 24 hours. Both are encoded: the "
      "first-working-day deadline sits on la_h_sm, which unallocated children reach after "
      "la_u_t24.")
    o("10", "however where there are repeat concerns or high risk to the child",
      "SILENT: no window for 'repeat concerns'; the condition on la_gw_keep borrows the 90-day "
      "window of 11.2 (episodes_in(\"P90D\") >= 2).")
    o("3.5", "Absent Where the child is away from home or placement where they are required or "
             "expected to be.",
      "SILENT: the grading table defines High, Medium and Absent only; there is no low risk. The "
      "model routes 'no_apparent_risk' with absent and 'low' with medium (the default).")
    o("12.4", "Following 1 month of being missing the strategy meetings/professionals meetings are "
              "to be chaired by the IRO.",
      "AMBIGUOUS: the IRO takes the chair after '1 month' (12.4) or '28 days' (10, Appendix 3); "
      "encoded as 28 days (missing_hours >= 672 on la_rev_chair).")
    o("12.3", "If the child remains missing for 7 days, the Director",
      "SILENT: the text does not say who informs the Assistant Director at 3 days (la_e_ad is "
      "given to the team manager); Appendix 3 makes the Assistant Director the one who informs "
      "the Director at 7 days (la_e_dir).")
    o("3.2", "if they continue to stay away from their home or placement, and/or their "
             "whereabouts are not able to be definitely confirmed",
      "SILENT: no time after which an unauthorised absence must be reported to the police; the "
      "carer decides once (c_gw) from whereabouts_known and the risk factors.")
    o("12.2", "Foster carers may contact the child's social worker",
      "SILENT: the text does not require the carer to tell CSC of an unauthorised absence whose "
      "whereabouts are known, yet the team manager's 3-7 day rule presupposes it; the model "
      "always sends the notification (c_ua_notify).")
    o("14.1", "for children who frequently go missing from care placements the police may decide "
              "on a case by case basis whether to conduct the check",
      "Not encoded: the police do the safe and well check (p_swc) for every child; the "
      "case-by-case hand-over to the social worker is a discretion without a rule.")
    o("15.7", "continues to go missing, then the case should be referred for further information "
              "sharing and advice to MARP.",
      "SILENT: 'continues to go missing' gives no count or window, so the MARP referral is not "
      "encoded.")


def main() -> None:
    build().write(OUT)
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
