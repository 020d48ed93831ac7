"""A scheduled loop through the services (overview with Lena, ML coding with Omar)."""

from interviews.models import Loop
from interviews.scheduling import services, solver
from tests.interviews.scheduling.setup import Setup, loop_for, make_setup, with_windows


def scheduled_loop(setup: Setup | None = None, *, loop: Loop | None = None, **setup_kwargs) -> tuple[Setup, Loop]:
    s = setup or make_setup(**setup_kwargs)
    loop = with_windows(s, loop or loop_for(s))
    interviews = {i.round_type.code: i for i in loop.interviews.select_related("round_type")}
    plan = [
        services.PlannedInterview(
            interviews["overview"].pk, s.at("09:00"), s.at("09:45"), (s.people["lena"].pk,), location="Room 1"
        ),
        services.PlannedInterview(interviews["ml_coding"].pk, s.at("10:00"), s.at("11:00"), (s.people["omar"].pk,)),
    ]
    services.loop_schedule(loop=loop, actor=s.recruiter, plan=plan, options=solver.Options())
    return s, loop
