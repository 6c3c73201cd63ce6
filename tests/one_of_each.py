"""One record of every model of our apps, linked as the real data is, in DR04 (Claire's office): the data of
the tests that walk every page (`tests/cnrs_partners/test_hostile_input.py`, `test_escaping.py`).

Reference records (offices, services, départements, institutes) come from the migrations; each is saved once
here so that it has a history row, as every record edited in the back-office does.
"""

from dataclasses import dataclass

from axes.models import AccessAttempt, AccessLog
from django.contrib.auth.models import Group, User
from django.db.models import Model

from agreements.models import (
    AgreementSignatory,
    AgreementStatusChange,
    BoardSeat,
    IndustrialPartnership,
    PiaProject,
    ReviewNote,
    Site,
    SiteAgreement,
)
from cnrs_partners.models import ErrorReport
from labs.models import Institute, Lab, Partner, PartnerKind, Succession, SuccessionKind, Supervision
from regions.models import Department, ImportJob, OfficeMembership, OfficeService, RegionalOffice
from tests.factories import (
    AgreementSignatoryFactory,
    BoardSeatFactory,
    ErrorReportFactory,
    IndustrialPartnershipFactory,
    LabFactory,
    OfficeMembershipFactory,
    PartnerFactory,
    PiaProjectFactory,
    ReviewNoteFactory,
    SiteAgreementFactory,
    UserFactory,
    institute,
    office,
    site_in,
    umr,
)


@dataclass
class Dataset:
    office: RegionalOffice
    service: OfficeService
    department: Department
    membership: OfficeMembership
    institute: Institute
    partner: Partner
    lab: Lab
    predecessor: Lab
    supervision: Supervision
    succession: Succession
    site: Site
    agreement: SiteAgreement
    signatory: AgreementSignatory
    status_change: AgreementStatusChange
    pia_project: PiaProject
    board_seat: BoardSeat
    partnership: IndustrialPartnership
    review_note: ReviewNote
    staff: User
    group: Group
    login_failure: AccessAttempt
    login: AccessLog
    import_job: ImportJob
    error_report: ErrorReport

    def of(self, model: type[Model]) -> Model | None:
        """The dataset's record of `model`, if it has one."""
        for value in vars(self).values():
            if type(value) is model:
                return value
        return None


def one_of_each() -> Dataset:
    dr04 = office("DR04")
    partner = PartnerFactory.create(name="Université Paris-Saclay", acronym="UPSaclay", slug="upsaclay")
    lab = umr(university=partner, regional_office=dr04, acronym="LPS", unit_number="8502")
    predecessor = LabFactory.create(regional_office=dr04, acronym="LPS-OLD")
    succession = Succession.objects.create(predecessor=predecessor, successor=lab, kind=SuccessionKind.MERGER)
    site = site_in("DR04", name="Paris-Saclay")
    site.labs.add(lab)
    site.members.add(partner)
    agreement = SiteAgreementFactory.create(site=site)
    agreement.covered_labs.add(lab)
    staff = UserFactory.create(username="dataset-staff")
    pia_project = PiaProjectFactory.create(site=site, lead_partner=partner)
    pia_project.labs.add(lab)
    partnership = IndustrialPartnershipFactory.create()
    partnership.labs.add(lab)
    partnership.companies.add(PartnerFactory.create(kind=PartnerKind.COMPANY))
    service = OfficeService.objects.filter(office=dr04).order_by("pk")[0]
    department = Department.objects.get(code="91")
    inp = institute("INP")
    for record in (dr04, service, department, inp):
        record.save()
    return Dataset(
        office=dr04,
        service=service,
        department=department,
        membership=OfficeMembershipFactory.create(user=staff, office=dr04),
        institute=inp,
        partner=partner,
        lab=lab,
        predecessor=predecessor,
        supervision=lab.supervisions.get(partner=partner),
        succession=succession,
        site=site,
        agreement=agreement,
        signatory=AgreementSignatoryFactory.create(agreement=agreement, partner=partner),
        status_change=AgreementStatusChange.objects.create(
            agreement=agreement, from_status="under_review", to_status="signed", user=staff, comment="Signée."
        ),
        pia_project=pia_project,
        board_seat=BoardSeatFactory.create(partner=partner, holder="Marie Curie"),
        partnership=partnership,
        review_note=ReviewNoteFactory.create(site=site, author=staff),
        staff=staff,
        group=Group.objects.order_by("pk")[0],
        login_failure=AccessAttempt.objects.create(
            username="dataset-staff", ip_address="192.0.2.1", user_agent="Firefox", failures_since_start=2
        ),
        login=AccessLog.objects.create(
            username="dataset-staff", ip_address="192.0.2.1", user_agent="Firefox"
        ),
        import_job=ImportJob.objects.create(
            user=staff,
            kind=ImportJob.Kind.SPREADSHEET,
            model_label="labs.Lab",
            file_name="laboratoires.csv",
            sha256="0" * 64,
            status=ImportJob.Status.DONE,
            outcome={
                "counts": {"new": 0, "update": 1, "skip": 0, "invalid": 0, "rows": 1},
                "groups": [],
                "updated": [{"number": 1, "object_repr": str(lab), "diff": [["Acronyme", "LPS", "LPS2"]]}],
            },
        ),
        error_report=ErrorReportFactory.create(record=lab),
    )
