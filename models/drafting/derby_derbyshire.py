"""Derby City and Derbyshire County: joint protocol for children who run away or go missing.

Writes ``models/protocols/derby_derbyshire.bpmn``; run ``python -m models.drafting.derby_derbyshire``.

One police force (Derbyshire Constabulary) and two councils (Derby City, Derbyshire County) share
the protocol; the local authority pool stands for either council, with the two front doors
(Starting Point in Derbyshire, the First Contact Team in Derby) in one lane. Every element cites
the document (001_d79ef67c129974ea.txt) by its own section numbers and a verbatim quote.
Processing times are assumptions: the document states none.
"""

from __future__ import annotations

from pathlib import Path

from models.authoring import ModelBuilder, cite

DOC = "001_d79ef67c129974ea.txt"
OUT = Path(__file__).resolve().parents[1] / "protocols" / "derby_derbyshire.bpmn"

OPEN = "child_in_need or looked_after or child_protection_plan"  # an open case (5.2)


def tri(lo: str, mode: str, hi: str) -> tuple[str, str, str, str]:
    return ("TriangularDistribution", lo, mode, hi)


def build() -> ModelBuilder:
    b = ModelBuilder("derby_derbyshire", authority="Derby and Derbyshire", document=DOC)

    # ------------------------------------------------------------------ pools and lanes
    b.black_box("p_child", "Child", citation=cite(
        "1. Introduction", "To prevent the missing child suffering from harm and to recover the "
                           "child to safety as soon as possible"))

    carer_pool = b.pool("p_carer", "Parent, carer or placement provider", citation=cite(
        "4.1.3", "When a child in care goes missing it is the responsibility of the carer "
                 "(Residential Care Staff or Foster Carer) to undertake the steps"))
    carer = carer_pool.lane("l_carer", "Parent / foster carer / residential staff", role="carer",
                            citation=cite("4.1.1", "all reasonable steps should be taken by "
                                                   "parents or care providers to locate the child",
                                          "should"))

    police_pool = b.pool("p_police", "Derbyshire Constabulary", citation=cite(
        "2. Governance Arrangements",
        "The Police are the lead agency in relation to missing children"))
    control = police_pool.lane("l_pol_control", "Call taker / control room supervisor",
                               role="police_control_room", citation=cite(
                                   "4.1.3", "it is the call takers / supervisors’ decision as to "
                                            "whether a child is recorded as missing"))
    command = police_pool.lane("l_pol_command", "Duty inspector / senior command / SIO",
                               role="police_supervisor", citation=cite(
                                   "5.1", "Such cases should lead to the appointment of an "
                                          "Investigating Officer and possibly a Senior "
                                          "Investigating Officer and a Police Search Advisor "
                                          "(PolSA)."))
    officer = police_pool.lane("l_pol_officer", "Investigating officer", role="police_officer",
                               citation=cite("5.1", "The Police will investigate all cases of "
                                                    "missing children"))
    mplo = police_pool.lane("l_pol_mplo", "Missing Persons Liaison Officer (MPLO)",
                            role="police_missing_coordinator", citation=cite(
                                "5.1", "The Police have an identified Missing Persons Liaison "
                                       "Officer, whose role is to oversee investigations, advise "
                                       "investigating officers, liaise with partner agencies"))

    la_pool = b.pool("p_la", "Children's services (Derby City Council / Derbyshire County Council)",
                     citation=cite("2. Governance Arrangements",
                                   "Local Authorities also have statutory responsibilities with "
                                   "regard to missing children and are required to co-operate "
                                   "with the Police."))
    front = la_pool.lane("l_la_front", "Starting Point (Derbyshire) / First Contact Team (Derby)",
                         role="front_door", citation=cite(
                             "4.1", "In Derby this is via the First Contact Team 01332 641178, "
                                    "Mon-Fri., 9am - 5pm"))
    sw = la_pool.lane("l_la_sw", "Social worker / lead worker", role="social_worker",
                      citation=cite("5.2", "The lead worker involved with the child, or duty "
                                           "worker in their absence, will"))
    mat = la_pool.lane("l_la_mat", "MAT worker / Runaways Worker (return interviews)",
                       role="return_interview_provider", citation=cite(
                           "6.7", "With previously unknown cases, the Return Interview will be "
                                  "carried out by a worker from a Multi-Agency Team (MAT)."))
    tm = la_pool.lane("l_la_tm", "Team manager / Child Protection Manager", role="team_manager",
                      citation=cite("6.7", "It is the responsibility of each locality Children’s "
                                           "Services Team Manager to ensure that the return "
                                           "interview is carried out to a suitable standard"))

    # ------------------------------------------------------------------ carer
    carer.start("s_carer", "Child not where expected", citation=cite(
        "3.1", "a looked after child who is not at their placement or the place they are "
               "expected to be"))
    carer.task("t_carer_checks", "Search and make checks to locate the child", duty="locate_child",
               time=tri("PT15M", "PT45M", "PT2H"), citation=[
                   cite("4.1.1", "all reasonable steps should be taken by parents or care "
                                 "providers to locate the child prior to making a report to the "
                                 "police", "should"),
                   cite("4.1.3", "a carer has a responsibility to complete proactive checks at "
                                 "to the whereabouts of the missing person")])
    carer.gateway("gw_carer_known", "Whereabouts known?", citation=cite(
        "4.1.4", "where their location is known, will not normally constitute a missing episode"))
    carer.task("t_carer_absent_notify", "Record as away without authorisation; inform the "
               "social worker or out-of-hours service", kind="sendTask",
               duty="notify_social_worker", time=tri("PT10M", "PT20M", "PT45M"), citation=[
                   cite("4.1.4", "staff / carers record these incidences as “away from their "
                                 "placement without authorisation” in the child’s record",
                        "should"),
                   cite("4.1.4", "They should notify the child’s Social Worker or out of hours "
                                 "service within a timeframe consistent with the placement plan",
                        "should"),
                   cite("4.1.4", "no child should be away from placement without authorisation "
                                 "for more than 6 hours maximum or overnight, without the Social "
                                 "Worker", "should")],
               deadlines=[dict(name="Social worker or out-of-hours service informed within 6 hours",
                               anchor="s_carer", limit="PT6H", calendar="clock",
                               modality="should")])
    carer.task("t_carer_report", "Report the child missing to the police (101, or 999)",
               kind="sendTask", duty="report_missing", time=tri("PT10M", "PT20M", "PT45M"),
               citation=[
                   cite("4.1.1", "they should inform the police without delay on 101", "should"),
                   cite("4.1", "If a child or unborn baby is at immediate risk this should be "
                               "reported without delay the Derbyshire Police on 999.", "should"),
                   cite("4.1.3", "The carer should always ask for, and record, the Police "
                                 "Incident Number.", "should"),
                   cite("4.1.8", "For children 16-18 years living semi-independently, their "
                                 "placement providers should report them to the police as "
                                 "missing", "should")])
    carer.task("t_carer_inform", "Inform children's services and health services",
               duty="notify_social_worker", time=tri("PT5M", "PT15M", "PT30M"), citation=[
                   cite("4.1", "In non-emergencies, the following should be informed of a "
                               "missing child or pregnant woman", "should"),
                   cite("4.1", "In Derbyshire this is via Starting Point during office hours "
                               "and Call Derbyshire out of office hours")])
    carer.gateway("gw_carer_ooa", "Placed here by another authority?", citation=cite(
        "6.8", "A notification process for Absent and Missing from placement episodes should be "
               "in place between Placing and Host local authorities."))
    carer.task("t_carer_placing", "Inform the placing authority's Missing Children Officer and "
               "the holder of parental responsibility", duty="notify_placing_authority",
               time=tri("PT5M", "PT15M", "PT30M"), citation=cite(
                   "6.8", "is responsible for informing the local Police, the child’s social "
                          "worker, the Missing Children Officer in the placing authority"))
    carer.gateway("gw_carer_known_j", "Reported", citation=cite(
        "4.1.4", "Where a child’s location is not known, this should be reported to the Police"))
    carer.catch("c_carer_return", "Child returns or is found", citation=cite(
        "6.5", "Reporting that a missing child is found / returned"))
    carer.task("t_carer_return_notify", "Tell the police, social worker and children's services "
               "of the return", duty="share_information", time=tri("PT5M", "PT15M", "PT30M"),
               citation=[
                   cite("6.5", "When a child is found or returns home parents / carers must "
                               "inform the police and, if possible, Children’s Services.", "must"),
                   cite("6.8", "They should also report to the local Police when the child has "
                               "returned", "should")])
    carer.gateway("gw_carer_post", "Away without authorisation from a children's home?",
                  citation=cite("4.1.4", "Where a child has been away without authorisation from "
                                         "a registered children’s home"))
    carer.task("t_carer_offer_ri", "Offer the child a return interview; contact the social "
               "worker if requested", duty="offer_return_interview",
               time=tri("PT5M", "PT15M", "PT30M"), citation=cite(
                   "4.1.4", "The home staff should offer this to the child and contact the "
                            "child’s Social Worker if requested by the child", "should"))
    carer.gateway("gw_carer_post_j", "Return handled", citation=cite(
        "6.5", "When a looked after child returns to their placement it is the responsibility "
               "of the carers to notify the police"))
    carer.end("e_carer", "Carer's part done", citation=cite(
        "6.8", "the residential Childrens worker should complete the incident report with a case "
               "note on Fwi", "should"))

    b.chain("s_carer", "t_carer_checks", "gw_carer_known")
    b.flow("gw_carer_known", "t_carer_absent_notify", name="Known, looked after",
           condition="whereabouts_known and looked_after", citation=cite(
               "4.1.4", "Away from placement without authorisation (children in care)"))
    b.flow("gw_carer_known", "t_carer_report", name="Not known (missing)", default=True,
           citation=cite("4.1.4", "Where a child’s location is not known, this should be "
                                  "reported to the Police who will determine the level of "
                                  "“missing” as above.", "should"))
    b.chain("t_carer_absent_notify", "gw_carer_known_j")
    b.chain("t_carer_report", "t_carer_inform", "gw_carer_ooa")
    b.flow("gw_carer_ooa", "t_carer_placing", name="Looked after, placed out of area",
           condition="looked_after and out_of_area", citation=cite(
               "6.8", "When a child who has been placed in another the Host authority goes "
                      "missing"))
    b.flow("gw_carer_ooa", "gw_carer_known_j", name="Otherwise", default=True, citation=cite(
        "4.1", "Children’s Services"))
    b.chain("t_carer_placing", "gw_carer_known_j", "c_carer_return", "t_carer_return_notify",
            "gw_carer_post")
    b.flow("gw_carer_post", "t_carer_offer_ri", name="Yes",
           condition='whereabouts_known and placement == "childrens_home"', citation=cite(
               "4.1.4", "the responsible local authority must provide an opportunity for the "
                        "child to have an independent return home interview", "must"))
    b.flow("gw_carer_post", "gw_carer_post_j", name="No", default=True, citation=cite(
        "6.5", "When a child is found or returns home"))
    b.chain("t_carer_offer_ri", "gw_carer_post_j", "e_carer")

    # ------------------------------------------------------------------ police
    control.start("s_pol", "Missing report received", event="message", citation=cite(
        "4.2", "When accepting a missing person report, the police will advise the caller that "
               "they will share information about the missing child"))
    control.task("t_pol_grade", "Assess the risk and categorise (no apparent risk, low, medium, "
                 "high)", duty="police_risk_assessment", time=tri("PT10M", "PT30M", "PT1H"),
                 citation=[
                     cite("3.1", "The police classification of a person as ‘missing’ and at what "
                                 "level will be based on an on-going risk assessment."),
                     cite("3.1", "To determine if a child is “missing” the Police will take "
                                 "into account")])
    control.task("t_pol_compact", "Enter on COMPACT, check history and send details to the "
                 "local authority", kind="sendTask", duty="share_information",
                 time=tri("PT10M", "PT20M", "PT1H"), citation=[
                     cite("4.2", "On categorising a child as missing, the details will be "
                                 "entered on the COMPACT database"),
                     cite("4.2", "details will be forwarded to the local authority via secure "
                                 "email"),
                     cite("4.2", "they will also immediately contact Starting Point in "
                                 "Derbyshire or First Contact / Careline in Derby for "
                                 "assistance")])
    control.gateway("gw_pol_risk", "Risk category?", citation=cite(
        "3.1", "Police guidance has the following definitions"))
    officer.task("t_pol_nar", "Record; agree review times and actions with family, carer or "
                 "local authority", duty="police_investigation", time=tri("PT15M", "PT30M", "PT1H"),
                 citation=[
                     cite("4.2", "recorded by the police, who will also agree review times and "
                                 "any on-going actions with child’s family, carer or responsible "
                                 "local authority"),
                     cite("5.1", "Actions to locate the subject and/or gather information should "
                                 "be agreed with the informant and a latest review time set to "
                                 "reassess the risk.", "should")])
    officer.gateway("eg_pol_nar", "Found within 24 hours?", kind="event", citation=cite(
        "4.2", "The case will remain the subject of constant review, particularly in the light of "
               "new information and changes in circumstances."))
    officer.catch("c_pol_found_nar", "Child found or returns (no apparent risk)", citation=cite(
        "5.1", "Missing person enquiries will continue until the young person is found / "
               "returns"))
    officer.timer("tm_pol_nar", "24 hours at no apparent risk", duration="PT24H",
                  calendar="clock", citation=cite(
                      "4.2", "No child will be classified as “Missing, No Apparent Risk” for more "
                             "than 24 hours."))
    control.task("t_pol_regrade", "Re-grade the risk (no apparent risk ends)",
                 duty="police_review_risk", time=tri("PT10M", "PT20M", "PT45M"), citation=cite(
                     "4.2", "No child will be classified as “Missing, No Apparent Risk” for more "
                            "than 24 hours."))
    command.task("t_pol_high_command", "Senior command oversight; appoint investigating officer, "
                 "SIO and PolSA", duty="police_investigation", time=tri("PT30M", "PT1H", "PT2H"),
                 citation=[
                     cite("5.1", "The high risk category requires the immediate deployment of "
                                 "police resources."),
                     cite("5.1", "a member of the senior management team or similar command "
                                 "level must be involved in the examination of initial enquiry "
                                 "lines", "must")])
    command.task("t_pol_high_notify", "Notify the UK Missing Persons Bureau, CEOP and children's "
                 "services", duty="share_information", time=tri("PT10M", "PT20M", "PT1H"),
                 citation=cite("5.1", "The UK Missing Persons Bureau should be notified of the "
                                      "case immediately. CEOP and relevant Local Authority "
                                      "children’s services should also be notified.", "should"))
    command.task("t_pol_publicity", "Media strategy and decision on publicity",
                 duty="publicity", time=tri("PT30M", "PT1H", "PT3H"), citation=[
                     cite("5.1", "There should be a media strategy and close contact with other "
                                 "agencies.", "should"),
                     cite("5.1", "for operational reasons primacy over such decisions must lie "
                                 "with the Police", "must"),
                     cite("5.1", "Authorisation should be by Senior Investigating Officer, "
                                 "ratified by Duty Gold Commander.", "should")])
    officer.gateway("gw_pol_inv_j", "Investigation", citation=cite(
        "4.2", "the police are the lead agency in relation to finding and securing their safe "
               "return"))
    officer.task("t_pol_investigate", "Investigate and search; update parents, carers and the "
                 "local authority", duty="police_investigation",
                 time=tri("PT2H", "PT6H", "PT24H"), citation=[
                     cite("5.1", "The investigation will include making enquiries of carers, "
                                 "friends and contacts and checking locations known to be "
                                 "frequented by the young person."),
                     cite("5.1", "Throughout the course of a missing persons investigation the "
                                 "police should update the parents/carers and local authority of "
                                 "any significant developments.", "should")])
    officer.catch("c_pol_found", "Child found or returns", citation=cite(
        "5.1", "Missing person enquiries will continue until the young person is found / returns "
               "and COMPACT will be updated and the local authority notified."))
    officer.gateway("gw_pol_found_j", "Found", citation=cite(
        "6.6", "On finding a child, or on their return"))
    officer.task("t_pol_prevention", "Prevention visit (safe and well check), in person",
                 duty="safe_and_well_check", time=tri("PT30M", "PT1H", "PT2H"), citation=[
                     cite("6.6", "a prevention visit will be undertaken by the Police "
                                 "Investigating Officer as soon as possible"),
                     cite("6.6", "It will not be conducted over the telephone.")])
    officer.gateway("gw_pol_concern", "Visit raises concerns?", citation=cite(
        "6.6", "If the prevention visit raises concerns"))
    officer.task("t_pol_concerns", "Report concerns to Starting Point / First Response / Derby "
                 "Police Referral Unit; record any allegation", duty="share_information",
                 time=tri("PT15M", "PT30M", "PT1H"), citation=[
                     cite("6.6", "the police will report this to Starting Point /First Response, "
                                 "Derby Police Referral Unit and Children’s Social Care."),
                     cite("6.5", "then the police will instigate further enquiries")])
    officer.gateway("gw_pol_concern_j", "Visit done", citation=cite(
        "6.6", "This is not a return interview."))
    mplo.gateway("gw_pol_rep", "Three episodes in 90 days?", citation=cite(
        "6.6", "Consideration must be given to the link between frequent missing episodes and "
               "serious harm.", "must"))
    mplo.task("t_pol_repeat", "Police review of repeat missing episodes", duty="repeat_review",
              time=tri("PT30M", "PT1H", "PT2H"), citation=cite(
                  "6.6", "the trigger for review within the Police is 3 times within a 90 day "
                         "period"))
    mplo.gateway("gw_pol_rep_j", "Repeat check done", citation=cite(
        "6.6", "the trigger for review within the Police"))
    officer.task("t_pol_close", "Close the report on COMPACT, cancel on PNC and notify the local "
                 "authority of the return", duty="closure", time=tri("PT10M", "PT20M", "PT45M"),
                 citation=[
                     cite("6.6", "This will lead to the police closing the missing person report "
                                 "on COMPACT and the case being cancelled on the PNC."),
                     cite("6.5", "The police will notify the local authority of the return of "
                                 "the child and any relevant information via COMPACT.")])
    mplo.task("t_pol_mplo", "MPLO reviews the investigation for further action",
              duty="police_review_risk", time=tri("PT15M", "PT30M", "PT1H"), citation=cite(
                  "6.6", "The police Missing Person Liaison Officer (MPLO) will review all "
                         "missing persons investigations recorded on COMPACT"))
    mplo.end("e_pol", "Missing person report closed", citation=cite(
        "6.6", "for them to determine whether or not any further action is needed"))

    b.chain("s_pol", "t_pol_grade", "t_pol_compact", "gw_pol_risk")
    b.flow("gw_pol_risk", "t_pol_nar", name="No apparent risk",
           condition='risk == "no_apparent_risk"', citation=cite(
               "3.1", "Missing, No Apparent Risk: There is no apparent risk of harm to either the "
                      "subject or the public."))
    b.flow("gw_pol_risk", "t_pol_high_command", name="High risk", condition='risk == "high"',
           citation=cite("3.2", "A missing child incident would be prioritised as ‘high risk’ "
                                "where"))
    b.flow("gw_pol_risk", "gw_pol_inv_j", name="Low or medium risk", default=True, citation=cite(
        "5.1", "The medium risk category requires an active and measured response by police and "
               "other agencies in order to trace the missing person"))
    b.chain("t_pol_nar", "eg_pol_nar")
    b.flow("eg_pol_nar", "c_pol_found_nar", citation=cite(
        "5.1", "Missing person enquiries will continue until the young person is found / "
               "returns"))
    b.flow("eg_pol_nar", "tm_pol_nar", citation=cite(
        "4.2", "No child will be classified as “Missing, No Apparent Risk” for more than 24 "
               "hours."))
    b.chain("c_pol_found_nar", "gw_pol_found_j")
    b.chain("tm_pol_nar", "t_pol_regrade", "gw_pol_inv_j")
    b.chain("t_pol_high_command", "t_pol_high_notify", "t_pol_publicity", "gw_pol_inv_j")
    b.chain("gw_pol_inv_j", "t_pol_investigate", "c_pol_found", "gw_pol_found_j",
            "t_pol_prevention", "gw_pol_concern")
    b.flow("gw_pol_concern", "t_pol_concerns", name="Concerns", condition='decision == "concerns"',
           probability=0.3, citation=cite(
               "6.6", "If the prevention visit raises concerns, the police will report this to "
                      "Starting Point /First Response"))
    b.flow("gw_pol_concern", "gw_pol_concern_j", name="No concerns", default=True, citation=cite(
        "6.6", "The purpose is to check for any indications that the child has suffered harm"))
    b.chain("t_pol_concerns", "gw_pol_concern_j", "gw_pol_rep")
    b.flow("gw_pol_rep", "t_pol_repeat", name="3 or more in 90 days",
           condition='episodes_in("P90D") >= 3', citation=cite(
               "6.6", "the trigger for review within the Police is 3 times within a 90 day "
                      "period"))
    b.flow("gw_pol_rep", "gw_pol_rep_j", name="Fewer", default=True, citation=cite(
        "6.6", "the trigger for review within the Police"))
    b.chain("t_pol_repeat", "gw_pol_rep_j", "t_pol_close", "t_pol_mplo", "e_pol")

    # ------------------------------------------------------------------ local authority
    front.start("s_la", "Notification received (police COMPACT, or carer)", event="message",
                citation=cite("5.2", "On receipt of all missing children reports from police "
                                     "COMPACT via secure email"))
    front.task("t_la_check", "Check whether the case is known; send the report to the lead "
               "worker", duty="screen_notification", time=tri("PT15M", "PT30M", "PT1H"),
               citation=[
                   cite("5.2", "the local authority will check to find out whether or not a "
                               "case is known to them"),
                   cite("4.1", "In Derbyshire this is via Starting Point during office hours and "
                               "Call Derbyshire out of office hours")])
    front.gateway("gw_la_known", "Open case?", citation=cite(
        "5.2", "Where a child (or the family) is an open case, including where they are a looked "
               "after child to a local authority service"))
    sw.task("t_la_lead", "Lead worker liaises with police and agencies and contacts the family",
            duty="share_information", time=tri("PT30M", "PT1H", "PT3H"), citation=[
                cite("5.2", "Liaise with the police and other agencies"),
                cite("5.2", "Ensure other agencies supporting the child/family are aware of the "
                            "situation")])
    front.task("t_la_nar_monthly", "Discuss at the monthly multi-agency meeting (Starting Point / "
               "Missing Panels)", duty="risk_management_meeting",
               time=tri("PT15M", "PT30M", "PT1H"), citation=[
                   cite("5.2", "they will be discussed within a multi-agency monthly meeting to "
                               "ensure any potential safeguarding concerns known to partner "
                               "agencies is addressed"),
                   cite("7.3", "will be discussed at a Monthly Multi Agency Missing Persons "
                               "monitoring Group within Starting Point")],
               deadlines=[dict(name="Discussed at the monthly multi-agency meeting",
                               anchor="s_la", limit="P1M", calendar="clock",
                               modality="describes")])
    mat.task("t_la_mat", "MAT / Runaways Worker contacts the family, offers support and "
             "considers an assessment", duty="action_plan", time=tri("PT1H", "PT2H", "PT4H"),
             citation=[
                 cite("5.2", "they will be allocated to a worker in a MAT (in Derby to a "
                             "Runaways Worker based in the MATs)"),
                 cite("5.2", "Contact the family and offer support. The focus of this support "
                             "will be on the identified missing issues.")])
    front.gateway("gw_la_known_j", "Case allocated", citation=cite(
        "5.2", "If there are concerns of significant harm, a Social Worker will be allocated."))
    front.gateway("gw_la_wk", "Whereabouts known?", citation=cite(
        "6.2", "If the whereabouts of a looked after child are known or suspected, it is the "
               "responsibility of the local authority"))
    sw.task("t_la_return", "Decide whether the child may stay or arrange the return",
            duty="arrange_return", time=tri("PT30M", "PT1H", "PT3H"), citation=[
                cite("4.1.4", "The local authority staff will decide whether to allow the child "
                              "to remain at that location, albeit temporarily, or to arrange for "
                              "their return."),
                cite("6.2", "it is the responsibility of the local authority to arrange for the "
                            "child’s return")])
    front.gateway("gw_la_wk_j", "Return arrangements made", citation=cite(
        "6.1", "Return of a missing child"))
    front.gateway("gw_la_ooa", "Placed out of area?", citation=cite(
        "5.2", "Where the child is in the care of another local authority but placed in Derby "
               "City or County"))
    front.task("t_la_host", "Open or update the record and forward details to the placing "
               "authority", duty="notify_placing_authority", side="host",
               time=tri("PT10M", "PT20M", "PT45M"), citation=[
                   cite("5.2", "a record/episode will be opened / updated and details will be "
                               "forwarded to that authority"),
                   cite("5.2", "The placing local authority will be responsible for liaison "
                               "with the police etc.")])
    front.gateway("gw_la_ooa_j", "Looked after", citation=cite(
        "5.4", "Where a child is in care the Independent Reviewing Officer (IRO) should be "
               "informed"))
    sw.task("t_la_iro", "Inform the IRO; consider bringing the LAC review forward; alert senior "
            "managers", duty="notify_iro", side="responsible", time=tri("PT10M", "PT20M", "PT1H"),
            citation=[
                cite("5.4", "the Independent Reviewing Officer (IRO) should be informed and "
                            "consideration may be given to bringing forward the next LAC review",
                     "should"),
                cite("6.8", "inform the child’s social worker and Missing Children Officer in "
                            "the Placing Authority who should share this information with the "
                            "child’s Independent Reviewing Officer (IRO)", "should")])
    front.gateway("gw_la_lac_j", "Notifications made", citation=cite(
        "6.8", "The IRO should be notified whenever a child in care goes missing and returns"))
    front.gateway("gw_la_par", "Track the episode", kind="parallel", citation=cite(
        "5.4", "Throughout the missing episode, carers, the Local Authority and the Police will "
               "continually review the case."))
    # branch A: strategy meeting at 3 days, reviews every 5 days, until the child returns
    tm.gateway("gw_la_wait", "Still missing", citation=cite("5.4", "Ongoing Assessment"))
    tm.gateway("eg_la", "Returned, or missing three days?", kind="event", citation=cite(
        "5.4", "Throughout the missing episode, carers, the Local Authority and the Police will "
               "continually review the case."))
    tm.catch("c_la_return", "Child found or returned", citation=cite(
        "6.5", "The police will notify the local authority of the return of the child"))
    tm.timer("tm_la_sm", "Missing three days, then every five days", duration="P3D",
             calendar="clock", change=("s_la", "P3D", "P5D"), citation=[
                 cite("5.4", "If the child is missing for three days, or earlier if deemed "
                             "appropriate, the local authority will convene an emergency "
                             "professionals"),
                 cite("5.4", "Further such reviews will take place at least every five days "
                             "thereafter or earlier, if deemed appropriate.")])
    tm.gateway("gw_la_sm_kind", "First meeting or review?", citation=cite(
        "5.4", "Further such reviews will take place at least every five days thereafter"))
    tm.task("t_la_sm", "Emergency professionals / missing strategy meeting",
            duty="strategy_meeting", time=tri("PT1H", "PT2H", "PT3H"), citation=[
                cite("5.4", "the local authority will convene an emergency professionals / "
                            "“missing” strategy meeting"),
                cite("5.4", "This will involve the police, carers, the child’s Social Worker, "
                            "and any other professional involved in the care of the child.")])
    tm.task("t_la_sm_review", "Review of the missing strategy meeting",
            duty="review_strategy_meeting", time=tri("PT1H", "PT1H30M", "PT3H"), citation=cite(
                "5.4", "Further such reviews will take place at least every five days thereafter "
                       "or earlier, if deemed appropriate."))
    # branch B: child protection plan, 20 working days
    tm.gateway("gw_la_cpp", "Child protection plan?", citation=cite(
        "5.4", "Where a child or unborn baby is subject to a child protection plan, the relevant "
               "Child Protection Manager should be informed"))
    tm.task("t_la_cpm", "Inform the Child Protection Manager and senior managers",
            duty="notify_senior_manager", time=tri("PT10M", "PT20M", "PT1H"), citation=[
                cite("5.4", "the relevant Child Protection Manager should be informed", "should"),
                cite("4.1.6", "Senior Managers should be made aware in relation to child "
                              "protection cases that are missing", "should")])
    tm.gateway("eg_la_cpp", "Found within 20 working days?", kind="event", citation=cite(
        "5.4", "if they are not found within 20 working days"))
    tm.catch("c_la_cpp_return", "Child found or returned (child protection plan)",
             citation=cite("6.5", "When a child is found or returns home"))
    tm.timer("tm_la_cpp", "20 working days missing", duration="P20D", calendar="working_days",
             citation=cite("5.4", "if they are not found within 20 working days, the next review "
                                  "conference should be brought forward", "should"))
    tm.task("t_la_conf", "Bring the child protection review conference forward",
            duty="child_protection_review", time=tri("PT2H", "PT3H", "PT4H"), citation=cite(
                "5.4", "the next review conference should be brought forward to consider whether "
                       "any other action should be taken", "should"))
    tm.gateway("gw_la_cpp_j", "Child protection tracking done", citation=cite(
        "5.4", "Where a child or unborn baby is subject to a child protection plan"))
    tm.gateway("gw_la_par_j", "Child back", kind="parallel", citation=cite(
        "6. Management of Return", "Management of Return"))
    # after the return
    sw.gateway("gw_la_ri", "Return interview required?", citation=cite(
        "6.7", "Return interview are required on all child reported missing who are categorised "
               "as Missing High/Medium/Low."))
    sw.task("t_la_sw_ri", "Return interview by the child's social worker within 72 hours",
            duty="return_interview", side="responsible", time=tri("PT1H", "PT1H30M", "PT3H"),
            citation=[
                cite("6.8", "It is the responsibility of the relevant Social Worker to undertake "
                            "the return interview for children missing from care within 72 hours "
                            "of their return."),
                cite("4.1.4", "The return interview should then be held within 72 hours of the "
                              "child’s return.", "should"),
                cite("6.8", "Responsibility for the Return Interview rests with the Placing "
                            "Authority who will work closely with the Host Authority.")],
            deadlines=[dict(name="Return interview within 72 hours of return",
                            anchor="c_la_return", limit="PT72H", calendar="clock",
                            modality="must", side="responsible")])
    mat.task("t_la_mat_ri", "Return interview by the MAT worker or lead worker within 72 hours",
             duty="return_interview", time=tri("PT1H", "PT1H30M", "PT3H"), citation=[
                 cite("6.7", "The return interview must be carried out by an independent person "
                             "within 72 hours (i.e. three calendar days) of the child returning",
                      "must"),
                 cite("6.7", "It remains the responsibility of the relevant lead worker to ensure "
                             "completion of the return interview for all other missing children, "
                             "within 72 hours.")],
             deadlines=[dict(name="Return interview within 72 hours (three calendar days)",
                             anchor="c_la_return", limit="PT72H", calendar="clock",
                             modality="must")])
    sw.gateway("gw_la_ri_j1", "Interview held", citation=cite(
        "6.7", "Any subsequent interventions will be informed by the return interview"))
    tm.task("t_la_ri_signoff", "Sign off the return interview; record it and pass it to the "
            "police MPLO and the host authority", duty="share_return_interview",
            side="responsible", time=tri("PT15M", "PT30M", "PT1H"), citation=[
                cite("6.7", "the return interview is carried out to a suitable standard and "
                            "signed off by the line manager"),
                cite("6.7", "retained on the child’s file and passed to the Police MPLO and "
                            "locality Runaways Worker (Derby City)", "should"),
                cite("6.8", "The placing authority will share information, including a copy of "
                            "the return interview, with the host authority.")])
    sw.gateway("gw_la_ri_j2", "Return interview stage done", citation=cite(
        "6.7", "Return Interviews"))
    tm.gateway("gw_la_core", "Child protection plan?", citation=cite(
        "6.9", "Child protection – where a family or pregnant woman have been missing, return "
               "interviews are not necessary."))
    tm.task("t_la_core", "Core group meeting; consider bringing the review conference forward",
            duty="child_protection_review", time=tri("PT1H", "PT2H", "PT3H"), citation=cite(
                "6.9", "The Child Protection Manager must be informed and a core group meeting "
                       "should be held within 5 working days", "should"),
            deadlines=[dict(name="Core group meeting within 5 working days",
                            anchor="c_la_return", limit="P5D", calendar="working_days",
                            modality="should")])
    tm.gateway("gw_la_core_j", "Child protection follow-up done", citation=cite(
        "6.9", "consideration given to bringing forward the review conference"))
    sw.task("t_la_plan", "Risk assess the episode; update the assessment, plan and missing plan",
            duty="action_plan", time=tri("PT1H", "PT2H", "PT4H"), citation=[
                cite("7.1", "the incident is risk assessed by the responsible Social Care or MAT "
                            "worker and the police"),
                cite("7.1", "In particular any missing plan should be up-dated.", "should"),
                cite("6.7", "A CSE risk assessment must be considered as part of this process.",
                     "must"),
                cite("7.2", "The child’s placement plan, missing plan (risk assessment/safe care "
                            "plan) and Missing Person Profile should be reviewed and up-dated",
                     "should")])
    front.gateway("gw_la_rep30", "Three or more episodes in 30 days?", citation=cite(
        "6.6", "A Strategy meeting will be requested within Childrens Services"))
    tm.task("t_la_rep_sm", "Strategy meeting for repeat missing (triaged through Starting Point "
            "in Derbyshire)", duty="strategy_meeting", time=tri("PT1H", "PT2H", "PT3H"),
            citation=[
                cite("6.6", "A Strategy meeting will be requested within Childrens Services on "
                            "children who go missing three or more times in a 30 day period"),
                cite("6.7", "In Derbyshire if a child is reported missing on 3 consecutive "
                            "episodes within a 30 day period this is triaged through Starting "
                            "Point"),
                cite("6.7", "with an outcome to the Team Manager to convene a strategy meeting "
                            "to ensure a support plan is in place")])
    front.gateway("gw_la_rep30_j", "Repeat check done", citation=cite(
        "6.6", "Consideration must be given to the link between frequent missing episodes and "
               "serious harm.", "must"))
    tm.gateway("gw_la_rep2", "Two or more episodes?", citation=cite(
        "7.3", "Persistent missing behaviour"))
    tm.task("t_la_persist", "Multi-agency meeting: review the plan and agree an individual "
            "missing strategy", duty="repeat_review", time=tri("PT1H", "PT2H", "PT3H"),
            citation=[
                cite("7.3", "a multi-agency meeting should be convened to review the child's "
                            "Care Plan (if LAC) or other plan and develop an individual missing "
                            "strategy", "should"),
                cite("7.3", "should be attended by involved professionals including the Police "
                            "Liaison Officer and carers, and the child and their parents",
                     "should")])
    tm.gateway("gw_la_rep2_j", "Persistent check done", citation=cite(
        "7.3", "The strategy should include"))
    sw.task("t_la_close", "Record the actions on the child's file and close the episode",
            duty="closure", time=tri("PT15M", "PT30M", "PT1H"), citation=cite(
                "5.2", "Residential carers and Social Care /MAT workers must keep a full record "
                       "of actions taken, messages received and given.", "must"))
    sw.end("e_la", "Episode closed", citation=cite(
        "5.2", "A record of this must be maintained on the child’s file.", "must"))

    b.chain("s_la", "t_la_check", "gw_la_known")
    b.flow("gw_la_known", "t_la_lead", name="Open case", condition=OPEN, citation=cite(
        "5.2", "the missing report will be sent to the case responsible worker in Social Care, "
               "the Multi Agency team (MAT) or the Youth Offending Service"))
    b.flow("gw_la_known", "t_la_nar_monthly", name="Unknown, no apparent risk",
           condition=f'risk == "no_apparent_risk" and not ({OPEN})', citation=cite(
               "5.2", "Where the child is unknown or a closed case that they have been "
                      "classified as “Missing No Apparent Risk”"))
    b.flow("gw_la_known", "t_la_mat", name="Unknown, low / medium / high", default=True,
           citation=cite("5.2", "Where a child is unknown or a closed case and they are reported "
                                "as missing under the categories of high, medium or low"))
    for t in ("t_la_lead", "t_la_nar_monthly", "t_la_mat"):
        b.flow(t, "gw_la_known_j")
    b.chain("gw_la_known_j", "gw_la_wk")
    b.flow("gw_la_wk", "t_la_return", name="Whereabouts known", condition="whereabouts_known",
           citation=cite("4.1.4", "The local authority staff will decide whether to allow the "
                                  "child to remain at that location"))
    b.flow("gw_la_wk", "gw_la_wk_j", name="Not known", default=True, citation=cite(
        "5.2", "however the police will have primacy in respect of the investigation to trace "
               "the child"))
    b.chain("t_la_return", "gw_la_wk_j", "gw_la_ooa")
    b.flow("gw_la_ooa", "t_la_host", name="Placed here by another authority",
           condition="looked_after and out_of_area", citation=cite(
               "5.2", "Where the child is in the care of another local authority but placed in "
                      "Derby City or County"))
    b.flow("gw_la_ooa", "gw_la_ooa_j", name="Looked after, own area",
           condition="looked_after and not out_of_area", citation=cite(
               "5.4", "Where a child is in care the Independent Reviewing Officer (IRO) should be "
                      "informed"))
    b.flow("gw_la_ooa", "gw_la_lac_j", name="Not looked after", default=True, citation=cite(
        "5.2", "Social Care remain responsible for the children in their care who are missing"))
    b.chain("t_la_host", "gw_la_ooa_j", "t_la_iro", "gw_la_lac_j", "gw_la_par")
    b.flow("gw_la_par", "gw_la_wait")
    b.flow("gw_la_par", "gw_la_cpp")
    b.chain("gw_la_wait", "eg_la")
    b.flow("eg_la", "c_la_return", citation=cite(
        "6.5", "The police will notify the local authority of the return of the child"))
    b.flow("eg_la", "tm_la_sm", citation=cite(
        "5.4", "If the child is missing for three days"))
    b.chain("tm_la_sm", "gw_la_sm_kind")
    b.flow("gw_la_sm_kind", "t_la_sm", name="First (three days)", condition="missing_hours < 120",
           citation=cite("5.4", "the local authority will convene an emergency professionals / "
                                "“missing” strategy meeting"))
    b.flow("gw_la_sm_kind", "t_la_sm_review", name="Later (every five days)", default=True,
           citation=cite("5.4", "Further such reviews will take place at least every five days "
                                "thereafter"))
    b.flow("t_la_sm", "gw_la_wait")
    b.flow("t_la_sm_review", "gw_la_wait")
    b.chain("c_la_return", "gw_la_par_j")
    b.flow("gw_la_cpp", "t_la_cpm", name="Yes", condition="child_protection_plan", citation=cite(
        "5.4", "Where a child or unborn baby is subject to a child protection plan"))
    b.flow("gw_la_cpp", "gw_la_cpp_j", name="No", default=True, citation=cite(
        "5.4", "In all cases, any worker with concerns about the response to the missing child or "
               "family should escalate these concerns"))
    b.chain("t_la_cpm", "eg_la_cpp")
    b.flow("eg_la_cpp", "c_la_cpp_return", citation=cite(
        "6.5", "When a child is found or returns home"))
    b.flow("eg_la_cpp", "tm_la_cpp", citation=cite(
        "5.4", "if they are not found within 20 working days"))
    b.chain("c_la_cpp_return", "gw_la_cpp_j")
    b.chain("tm_la_cpp", "t_la_conf", "gw_la_cpp_j", "gw_la_par_j", "gw_la_ri")
    b.flow("gw_la_ri", "t_la_sw_ri", name="Looked after (any category)", condition="looked_after",
           citation=cite("6.8", "Children in care will require a return interview regardless of "
                                "categorisation."))
    b.flow("gw_la_ri", "t_la_mat_ri", name="Low / medium / high, not looked after",
           condition='not looked_after and risk in ["low", "medium", "high"]', citation=cite(
               "6.7", "Return interview are required on all child reported missing who are "
                      "categorised as Missing High/Medium/Low."))
    b.flow("gw_la_ri", "gw_la_ri_j2", name="No apparent risk, not looked after", default=True,
           citation=cite("6.7", "who are categorised as Missing High/Medium/Low"))
    b.chain("t_la_sw_ri", "gw_la_ri_j1")
    b.chain("t_la_mat_ri", "gw_la_ri_j1", "t_la_ri_signoff", "gw_la_ri_j2", "gw_la_core")
    b.flow("gw_la_core", "t_la_core", name="Yes", condition="child_protection_plan",
           citation=cite("6.9", "a core group meeting should be held within 5 working days"))
    b.flow("gw_la_core", "gw_la_core_j", name="No", default=True, citation=cite(
        "6.9", "Specific situations"))
    b.chain("t_la_core", "gw_la_core_j", "t_la_plan", "gw_la_rep30")
    b.flow("gw_la_rep30", "t_la_rep_sm", name="3 or more in 30 days",
           condition='episodes_in("P30D") >= 3', citation=cite(
               "6.6", "children who go missing three or more times in a 30 day period"))
    b.flow("gw_la_rep30", "gw_la_rep30_j", name="Fewer", default=True, citation=cite(
        "6.6", "A Strategy meeting will be requested within Childrens Services"))
    b.chain("t_la_rep_sm", "gw_la_rep30_j", "gw_la_rep2")
    b.flow("gw_la_rep2", "t_la_persist", name="2 or more (no window stated)",
           condition='episodes_in("P18Y") >= 2', citation=cite(
               "7.3", "Where a child has had two or more reported missing episodes a "
                      "multi-agency meeting should be convened", "should"))
    b.flow("gw_la_rep2", "gw_la_rep2_j", name="First episode", default=True, citation=cite(
        "7.1", "The minimum required in the event of a single missing episode"))
    b.chain("t_la_persist", "gw_la_rep2_j", "t_la_close", "e_la")

    # ------------------------------------------------------------------ message flows
    b.message("t_carer_report", "s_pol", "Missing report (101 / 999)", flow_id="mf_report",
              citation=cite("4.1.1", "they should inform the police without delay on 101",
                            "should"))
    b.message("t_carer_absent_notify", "s_la", "Unauthorised absence notified",
              flow_id="mf_absent", citation=cite(
                  "4.1.4", "They should notify the child’s Social Worker or out of hours service",
                  "should"))
    b.message("t_pol_compact", "s_la", "COMPACT notification (secure email)",
              flow_id="mf_compact", citation=cite(
                  "4.2", "details will be forwarded to the local authority via secure email"))
    for fid, target in (("mf_ret_carer", "c_carer_return"), ("mf_ret_pol_nar", "c_pol_found_nar"),
                        ("mf_ret_pol", "c_pol_found"), ("mf_ret_la", "c_la_return"),
                        ("mf_ret_la_cpp", "c_la_cpp_return")):
        b.message("p_child", target, "Child found or returns", flow_id=fid, citation=cite(
            "6.5", "When a child is found or returns home"))

    # ------------------------------------------------------------------ omissions
    omissions(b)
    return b


def omissions(b: ModelBuilder) -> None:
    """Timescales and rules of the document the model does not encode, and why."""
    b.omit("2. Governance Arrangements", "Strategic Missing/CSE Meeting (Held quarterly)",
           "Governance: a strategic group, not a step of any child's episode.")
    b.omit("2. Governance Arrangements", "CSE and Missing Persons Tasking Meeting (Held monthly) "
           "The top 10 missing children are discussed at each tasking meeting.",
           "Governance: a monthly tasking meeting over the top 10 children across the area, not "
           "a step of one episode; the model has no ranking of children.")
    b.omit("7.4", "The strategic missing persons group meet quarterly and report annually",
           "Governance and strategic reporting, outside the episode.")
    b.omit("4.1.8", "Children under the age of 16 years old are not legally considered as being "
           "able to live independently.",
           "Background on independent living; the duty that follows (16-18 year olds reported "
           "by their placement providers) is cited on t_carer_report.")
    b.omit("6.4", "Anyone who ‘takes or detains’ a runaway under 16 years old (18 if there is a "
           "full Care Order in place) without lawful authority",
           "Police powers (Child Abduction Act warnings) with no timescale for the episode; not "
           "a step of the missing process.")
    b.omit("6.8", "This information will be shared prior to the young person being placed or "
           "within 24 hours of the placement being made.",
           "A duty at the time of placement (placing authority to the host authority's missing "
           "lead), before any episode; the model starts when the child is not where expected.")
    b.omit("3.2", "The police will prioritise all incidents of children categorised as ‘missing’ "
           "from home or care as medium or high risk.",
           "AMBIGUOUS: contradicts 3.1, 4.2 and 6.7, which grade missing children as no apparent "
           "risk or low risk as well (24-hour limit on no apparent risk, return interviews for "
           "low). The model keeps all four police categories (gw_pol_risk) as 3.1 defines them.")
    b.omit("6.7", "In Derbyshire if a child is reported missing on 3 consecutive episodes within a "
           "30 day period",
           "AMBIGUOUS: 6.6 says 'three or more times in a 30 day period' for both councils; this "
           "Derbyshire rule says '3 consecutive episodes', which adds nothing countable. Encoded "
           "once, as episodes_in(\"P30D\") >= 3 on gw_la_rep30 -> t_la_rep_sm, which cites both.")
    b.omit("7.3", "Where a child has had two or more reported missing episodes",
           "SILENT: no time window is given for the two episodes. Encoded literally as any two "
           "episodes in the child's life, episodes_in(\"P18Y\") >= 2 (gw_la_rep2).")
    b.omit("6.7", "The return interview must be carried out by an independent person within 72 "
           "hours",
           "AMBIGUOUS: 6.8 then gives the child's own Social Worker the return interview for "
           "children in care, who is not independent of the case. Encoded as 6.8 says for looked "
           "after children (t_la_sw_ri, social worker lane) and as a MAT / lead worker interview "
           "otherwise (t_la_mat_ri); both 72 hours on the clock.")
    b.omit("6.7", "unless there are exceptional circumstances",
           "SILENT: the exceptions to the 72-hour return interview are not defined; the deadline "
           "is encoded as a must without exceptions.")
    b.omit("4.1.4", "for more than 6 hours maximum or overnight",
           "AMBIGUOUS: 'or overnight' may end the 6 hours early (a child away at night); the "
           "model has no time-of-day attribute, so only the 6-hour limit is encoded "
           "(deadline on t_carer_absent_notify).")
    b.omit("6.6", "a prevention visit will be undertaken by the Police Investigating Officer as "
           "soon as possible",
           "SILENT: no timescale for the prevention (safe and well) visit; t_pol_prevention has "
           "no deadline.")
    b.omit("6.6", "Where a child goes missing frequently, it may not be practicable to see them "
           "every time they return.",
           "AMBIGUOUS: 'frequently' is not defined and the frequency of checks is agreed case by "
           "case, so the model always makes the prevention visit.")
    b.omit("4.2", "The case will remain the subject of constant review",
           "SILENT: no police review interval is stated for low, medium or high risk; only the "
           "24-hour limit on no apparent risk is a timer (tm_pol_nar).")
    b.omit("4.1", "(out these hours the number is via Careline 01332 786968)",
           "AMBIGUOUS: office hours are stated (Mon-Fri 9am-5pm) only for Derby's First Contact "
           "Team; Derbyshire's Starting Point is 'during office hours' with Call Derbyshire out of "
           "hours. The model has no time-of-day attribute, so there is no out-of-hours path: the "
           "front_door lane works in its role's office hours.")
    b.omit("6.9", "a core group meeting should be held within 5 working days",
           "AMBIGUOUS: the 5 working days have no stated start; anchored at the child's return "
           "(c_la_return). The rule is written for a family or pregnant woman missing, which no "
           "attribute distinguishes, so it applies to every child with a child protection plan.")
    b.omit("6.9", "where a family or pregnant woman have been missing, return interviews are not "
           "necessary",
           "Not encoded: no attribute marks a child missing with the family, so the return "
           "interview rule of 6.7 / 6.8 applies.")
    b.omit("5.4", "If the child is missing for three days",
           "SILENT: whether the meeting still goes ahead once the child is back is not said; "
           "the model holds it only while the child is missing (tm_la_sm races c_la_return). "
           "Modelling note: the three days run from the child going missing, the timer from when "
           "the local authority starts tracking (after s_la), a few hours later.")
    b.omit("3.2", "If there is any disagreement about the categorisation of missing, this should "
           "be escalated to the duty police inspector as a matter of urgency.",
           "Not encoded: a dispute path with no timescale beyond 'urgency'; the grading is one "
           "task (t_pol_grade).")
    b.omit("5.1", "Where a child is believed to be trafficked, a referral to the UK Human "
           "Trafficking Centre through the National Referral Mechanism must be made",
           "Not encoded: trafficking-specific duties (NRM referral, 6.9 notifying the UK Human "
           "Trafficking Centre of the return, 4.1.5 Operation Wilberforce) carry no timescale; "
           "they would be a trafficking_risk branch beside the ordinary episode.")
    b.omit("6.9", "Child Sexual Exploitation - an Operation Liberty form should be completed",
           "Not encoded as its own task: CSE follow-up has no timescale; the CSE risk assessment "
           "is cited on t_la_plan.")
    b.omit("5.2", "this must be authorised by a Service Director by way of escalation up through "
           "a Head of Service",
           "Not encoded: the Derby City council-side authorisation of media use; the police "
           "publicity decision (t_pol_publicity) is encoded, with police primacy as 5.1 says.")
    b.omit("6.9", "Children missing education – return interviews will not normally be "
           "necessary.",
           "Children missing education are left to the separate CME procedures (Schoolsnet, "
           "SIP); 4.1.7 gives no timescale ('trigger points and number of days absence' are "
           "deferred to that guidance), so there is no education pool.")
    b.omit("6.7", "Return interview are required on all child reported missing",
           "SILENT: nothing is said about a child who declines the interview, so there is no "
           "refusal branch.")


def main() -> None:
    build().write(OUT)
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
