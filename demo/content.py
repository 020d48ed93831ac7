"""Demo and default content: round types and rubric anchors, in our own words."""

ROUND_TYPES = [
    {
        "code": "overview",
        "name": "Overview / culture",
        "purpose": (
            "Understand the candidate's aspirations, motivation and how they collaborate with others. "
            "Spot the brilliant jerk early: strong technical people who make the team around them worse. "
            "Sell the work, the team and the problems we are solving."
        ),
        "what_to_probe": (
            "- Why applied ML, and why this team now; what they want to be doing in two to three years\n"
            "- A project where they depended on engineers, PMs or other scientists, and how the work was split\n"
            "- A technical disagreement they had and how it was resolved\n"
            "- How they talk about former colleagues, managers and teams that 'got it wrong'\n"
            "- Who gets credit in their stories: 'I' versus 'we', and whether that matches the actual work\n"
            "- Their questions for us, and what excites or worries them about the role"
        ),
        "candidate_description": (
            "A conversation with a senior member of the team about what you want to work on, how you like to work "
            "with others, and a project you are proud of. Bring your questions about the team and the role: this "
            "is as much for you to judge us. No coding."
        ),
        "default_minutes": 45,
        "requires_senior_leader": True,
        "order": 1,
    },
    {
        "code": "ml_coding",
        "name": "ML coding from scratch",
        "purpose": (
            "The candidate implements a basic ML algorithm from scratch, such as logistic regression with "
            "gradient descent, k-means or a decision stump. We assess correctness and code quality at the "
            "level being hired for; this is not a puzzle-style algorithms interview."
        ),
        "what_to_probe": (
            "- Can they write down the objective and its gradient (or the update rule) before coding\n"
            "- Do they get array shapes right and vectorise instead of looping over samples\n"
            "- Do they test on a tiny toy dataset where the answer is known\n"
            "- How they handle numerical issues: overflow in exp/log, empty clusters, learning-rate choice\n"
            "- Readability: function boundaries, naming, and a sensible interface (fit / predict)\n"
            "- How they respond to a follow-up change, e.g. adding L2 regularisation or k-means++ init"
        ),
        "candidate_description": (
            "You implement a basic machine-learning algorithm from scratch (for example logistic regression or "
            "k-means) in the language you prefer, talking through your choices. No puzzles or trick questions; "
            "clear, correct, tested code matters more than speed."
        ),
        "default_minutes": 60,
        "requires_senior_leader": False,
        "order": 2,
    },
    {
        "code": "breadth",
        "name": "Breadth",
        "purpose": (
            "Check that the candidate has solid coverage of ML algorithm basics, statistics and experiment "
            "design. The goal is to confirm sound fundamentals across areas, not expertise in any one."
        ),
        "what_to_probe": (
            "- Bias-variance trade-off, regularisation and how to diagnose over- and under-fitting\n"
            "- Choosing evaluation metrics for imbalanced classes or ranking problems\n"
            "- Core statistics: confidence intervals, p-values, power, multiple comparisons\n"
            "- Designing an A/B test: unit of randomisation, sample size, guardrail metrics\n"
            "- Data leakage and train/validation/test splits for time-dependent data\n"
            "- When a simple model (linear, tree, nearest neighbour) is the right choice"
        ),
        "candidate_description": (
            "A discussion across machine-learning basics, statistics and experiment design: how you would "
            "approach common problems and why. No preparation beyond your own experience is needed."
        ),
        "default_minutes": 45,
        "requires_senior_leader": False,
        "order": 3,
    },
    {
        "code": "depth",
        "name": "Depth",
        "purpose": (
            "Go deep on the candidate's own paper or a use case they solved end to end. We want to know "
            "how well they understand their own work and whether they owned it from data to measured "
            "impact, or whether a research profile is being force-fit into an end-to-end applied role."
        ),
        "what_to_probe": (
            "- The problem framing: who needed it, what decision it changed, how success was defined\n"
            "- Where the data came from, how it was labelled and cleaned, and what was wrong with it\n"
            "- What baseline they compared against first (heuristic, moving average, KNN, logistic regression)\n"
            "- Why they chose the final model and which alternatives they ruled out, with evidence\n"
            "- How it reached production and who maintained it afterwards\n"
            "- How impact was measured (offline metrics versus online experiment) and what they would redo"
        ),
        "candidate_description": (
            "A deep dive into one piece of your own work, a paper or a project you took from data to results. "
            "Expect questions on why you made each choice and what you would do differently."
        ),
        "default_minutes": 60,
        "requires_senior_leader": False,
        "order": 4,
    },
    {
        "code": "ml_systems",
        "name": "ML systems",
        "purpose": (
            "Assess the candidate's ability to design an ML system, from data collection through serving "
            "and monitoring. Optional at entry levels and required from senior levels up."
        ),
        "what_to_probe": (
            "- Clarifying requirements: latency, scale, freshness, cost and the business metric\n"
            "- Data and feature pipelines, including training/serving skew and label delay\n"
            "- Model choice and serving architecture (batch versus online, caching, fallbacks)\n"
            "- Offline evaluation, online experimentation and rollout strategy\n"
            "- Monitoring for drift, data-quality failures and silent degradation; retraining cadence\n"
            "- Explicit trade-offs and what they would build first versus later"
        ),
        "candidate_description": (
            "A design discussion: how you would build, evaluate and run a machine-learning system for a realistic "
            "problem, from data to monitoring. Drawing on a shared whiteboard is welcome."
        ),
        "default_minutes": 60,
        "requires_senior_leader": False,
        "order": 5,
    },
    {
        "code": "leadership",
        "name": "Leadership",
        "purpose": (
            "For senior and leadership hires, assess how the candidate grows people, sets technical direction "
            "and works with stakeholders. At entry levels the overview round covers this instead."
        ),
        "what_to_probe": (
            "- A time they grew someone on their team, and how they knew it worked\n"
            "- How they handled an under-performing report or a struggling project\n"
            "- A technical direction they set or changed, and how they got buy-in\n"
            "- Saying no to (or reshaping) a stakeholder request that ML was not the answer to\n"
            "- How they explain uncertainty and model limitations to non-technical leaders\n"
            "- How they run hiring: what bar they hold and how they calibrate interviewers"
        ),
        "candidate_description": (
            "A conversation about how you lead: growing people, setting technical direction and working with "
            "stakeholders, through examples from your own experience."
        ),
        "default_minutes": 45,
        "requires_senior_leader": True,
        "order": 6,
    },
]


RUBRICS = {
    "overview": {
        "notes": "Initial version.",
        "competencies": [
            {
                "code": "motivation",
                "name": "Motivation",
                "description": "Why the candidate wants applied ML work on this team, and whether that is specific "
                "and grounded.",
                "weight": 1.0,
                "required": True,
                "anchors": {
                    "1": "Could not say why they applied beyond title or pay, and showed no interest in the problems "
                    "we described.",
                    "2": "Gave generic reasons ('I love AI') and could not connect them to anything about the role "
                    "or to past choices they made.",
                    "3": "Named concrete reasons tied to the kind of applied problems we work on and gave an example "
                    "from their past work that shows the same drive.",
                    "4": "Described a clear, self-aware direction for their career, linked it to specific problems "
                    "on this team, and asked sharp questions that tested whether we were a good fit for them.",
                },
            },
            {
                "code": "collaboration",
                "name": "Collaboration",
                "description": "How the candidate works with engineers, product partners and other scientists "
                "to get ML work shipped.",
                "weight": 1.5,
                "required": True,
                "anchors": {
                    "1": "Described every project as solo work and treated engineers or PMs as obstacles who "
                    "'just needed to implement the model'.",
                    "2": "Mentioned teammates only vaguely and could not explain how work was divided or how they "
                    "adapted to others' constraints.",
                    "3": "Explained clearly who did what on a cross-functional project and gave an example of "
                    "changing their approach to fit an engineer's or PM's constraint.",
                    "4": "Showed a pattern of making others more effective, e.g. pairing with an engineer on "
                    "feature pipelines or writing a design doc that unblocked another team, with specific outcomes.",
                },
            },
            {
                "code": "conduct",
                "name": "Conduct and respect",
                "description": "Whether the candidate treats colleagues with respect, handles disagreement well "
                "and shares credit fairly (the brilliant-jerk signal).",
                "weight": 2.0,
                "required": True,
                "anchors": {
                    "1": "Spoke dismissively or contemptuously about former colleagues or managers, or described "
                    "winning a disagreement by overruling or embarrassing someone.",
                    "2": "Took sole credit for clearly shared work, or described disagreements only in terms of "
                    "others being wrong, without curiosity about their view.",
                    "3": "Described colleagues fairly, including ones they disagreed with, credited teammates' "
                    "contributions unprompted, and explained how a disagreement was resolved on evidence.",
                    "4": "Gave an example of changing their own mind after a colleague pushed back, or of "
                    "deliberately giving visibility to a junior person's work, and reflected on what they learned.",
                },
            },
            {
                "code": "communication",
                "name": "Communication",
                "description": "How clearly the candidate explains their work and listens to the questions "
                "actually asked.",
                "weight": 1.0,
                "required": True,
                "anchors": {
                    "1": "Answers were hard to follow or repeatedly missed the question, even after it was rephrased.",
                    "2": "Could explain their work to a technical listener but drowned the main point in detail "
                    "and did not check whether they were understood.",
                    "3": "Gave structured answers that led with the point, adjusted the level of detail when asked, "
                    "and explained a model's purpose without jargon.",
                    "4": "Explained a complex project so crisply that the interviewer could retell it, anticipated "
                    "follow-up questions, and adapted smoothly between technical and business framing.",
                },
            },
        ],
    },
    "ml_coding": {
        "notes": "Initial version.",
        "competencies": [
            {
                "code": "ml_implementation",
                "name": "ML implementation",
                "description": "Whether the candidate produced a correct from-scratch implementation of the "
                "chosen algorithm.",
                "weight": 2.0,
                "required": True,
                "anchors": {
                    "1": "Could not write down the objective or update rule, and the code did not run or did not "
                    "resemble the algorithm (e.g. k-means without a re-assignment step).",
                    "2": "Got the overall structure but with a conceptual error, such as a wrong gradient sign or "
                    "centroids never recomputed, and did not find it even with hints.",
                    "3": "Implemented a working gradient-descent logistic regression with a vectorised loss and "
                    "gradient, checked it on a toy separable dataset, and fixed an off-by-one or shape bug without "
                    "prompting.",
                    "4": "Delivered a correct implementation quickly, then extended it cleanly when asked (e.g. L2 "
                    "regularisation or k-means++ initialisation) and explained convergence behaviour.",
                },
            },
            {
                "code": "code_quality",
                "name": "Code quality",
                "description": "Readability and structure of the code at the level being hired for.",
                "weight": 1.0,
                "required": True,
                "anchors": {
                    "1": "Wrote one long block with single-letter names and copy-pasted logic that even they "
                    "struggled to navigate when debugging.",
                    "2": "Code worked in parts but mixed data preparation, training and prediction together, with "
                    "magic numbers and unclear variable names.",
                    "3": "Split the work into clear functions or a small class with fit and predict, used "
                    "meaningful names, and kept hyperparameters as arguments.",
                    "4": "Produced code a teammate could review and reuse as-is: a clean interface, brief "
                    "docstrings where useful, and sensible handling of edge inputs without over-engineering.",
                },
            },
            {
                "code": "numerical_care",
                "name": "Numerical care",
                "description": "Attention to array shapes, numerical stability, vectorisation and testing on toy data.",
                "weight": 1.5,
                "required": True,
                "anchors": {
                    "1": "Looped over every sample and feature in pure Python, ignored shape mismatches until the "
                    "code crashed, and never ran it on any data.",
                    "2": "Vectorised some of the code but hit NaNs from exp or log overflow and did not understand "
                    "why, or only tested on data where any output would look plausible.",
                    "3": "Tracked shapes explicitly, vectorised the main computations, clipped or used a stable "
                    "sigmoid/log-loss, and checked results on a tiny dataset with a known answer.",
                    "4": "Proactively guarded against numerical traps (stable log-sum-exp, empty clusters, feature "
                    "scaling), and verified the gradient numerically or compared against a reference result.",
                },
            },
            {
                "code": "problem_decomposition",
                "name": "Problem decomposition",
                "description": "How the candidate plans the implementation and breaks it into testable steps.",
                "weight": 1.0,
                "required": True,
                "anchors": {
                    "1": "Started typing immediately with no plan, got lost midway, and could not say what the "
                    "next step was.",
                    "2": "Had a rough plan but built everything at once and only discovered problems at the end, "
                    "making bugs hard to isolate.",
                    "3": "Outlined the steps first (data, loss, gradient, update loop, prediction), built them "
                    "incrementally and checked each piece before moving on.",
                    "4": "Stated assumptions and scope up front, prioritised a minimal working version before "
                    "extras, and explained what they would add with more time and why.",
                },
            },
        ],
    },
    "breadth": {
        "notes": "Initial version.",
        "competencies": [
            {
                "code": "ml_fundamentals",
                "name": "ML fundamentals",
                "description": "Understanding of core ML algorithms, generalisation and model evaluation.",
                "weight": 1.5,
                "required": True,
                "anchors": {
                    "1": "Could not explain overfitting or what regularisation does, and mixed up basic terms such "
                    "as precision and recall.",
                    "2": "Recited definitions correctly but could not apply them, e.g. could not say what to do when "
                    "training loss falls while validation loss rises.",
                    "3": "Explained bias-variance, regularisation and common models accurately, and chose a sensible "
                    "metric for an imbalanced classification case with a clear reason.",
                    "4": "Reasoned fluently about when methods fail (e.g. tree ensembles extrapolating, calibration "
                    "of boosted models) and connected theory to concrete debugging steps.",
                },
            },
            {
                "code": "statistics",
                "name": "Statistics",
                "description": "Grasp of the statistical concepts applied ML scientists rely on day to day.",
                "weight": 1.5,
                "required": True,
                "anchors": {
                    "1": "Could not explain what a p-value or confidence interval means, or treated a single "
                    "noisy number as conclusive.",
                    "2": "Knew the vocabulary but misinterpreted it, e.g. read a p-value as the probability the "
                    "hypothesis is true, and ignored sample size.",
                    "3": "Interpreted confidence intervals and p-values correctly, explained statistical power, and "
                    "recognised when multiple comparisons inflate false positives.",
                    "4": "Chose appropriate methods for awkward cases (heavy-tailed metrics, ratio metrics, "
                    "dependent samples) and explained the trade-offs, e.g. bootstrap versus delta method.",
                },
            },
            {
                "code": "experiment_design",
                "name": "Experiment design",
                "description": "Ability to design offline and online experiments that give trustworthy answers.",
                "weight": 1.5,
                "required": True,
                "anchors": {
                    "1": "Proposed evaluating a model by shipping it and looking at a dashboard, with no control "
                    "group or success criterion.",
                    "2": "Suggested an A/B test but missed key elements such as the randomisation unit, sample "
                    "size or leakage between train and test data.",
                    "3": "Designed a sound A/B test with a clear primary metric, guardrails, randomisation unit and "
                    "rough sample-size reasoning, and used time-aware splits offline.",
                    "4": "Anticipated subtle threats (novelty effects, interference between users, metric "
                    "mismatch between offline and online) and proposed concrete mitigations.",
                },
            },
            {
                "code": "reasoning_clarity",
                "name": "Reasoning clarity",
                "description": "How clearly the candidate reasons out loud when a question goes beyond what "
                "they already know.",
                "weight": 1.0,
                "required": False,
                "anchors": {
                    "1": "Guessed or bluffed when unsure and did not acknowledge the limits of their knowledge.",
                    "2": "Admitted not knowing but stopped there, without trying to reason from first principles.",
                    "3": "Said what they did not know, then reasoned step by step from basics to a plausible answer.",
                    "4": "Reasoned from first principles to a correct answer on an unfamiliar question and stated "
                    "how they would verify it.",
                },
            },
        ],
    },
    "depth": {
        "notes": "Initial version.",
        "competencies": [
            {
                "code": "technical_depth",
                "name": "Technical depth",
                "description": "How deeply the candidate understands the methods in their own paper or project.",
                "weight": 2.0,
                "required": True,
                "anchors": {
                    "1": "Could not explain the core method of their own project beyond its name, or could not "
                    "answer why it worked.",
                    "2": "Explained what they did but not why; could not justify key choices such as the loss, "
                    "architecture or features when asked.",
                    "3": "Justified the main design choices with evidence, explained the alternatives they tried "
                    "and why they failed, and answered follow-up questions on the method's limits.",
                    "4": "Showed mastery under probing: predicted how the method would behave under changed "
                    "conditions and identified weaknesses in their own work before being asked.",
                },
            },
            {
                "code": "end_to_end_ownership",
                "name": "End-to-end ownership",
                "description": "Whether the candidate owned the work from data through model and deployment to "
                "measurement (the force-fit signal).",
                "weight": 1.5,
                "required": True,
                "anchors": {
                    "1": "Only touched the modelling step on a prepared dataset and could not say where the data "
                    "came from or what happened to the model afterwards.",
                    "2": "Knew the surrounding steps second-hand but had not done them, and could not describe "
                    "data problems or deployment constraints they faced.",
                    "3": "Described hands-on work across data collection and cleaning, modelling, handing off or "
                    "doing deployment, and checking results after launch.",
                    "4": "Drove the whole lifecycle, including reframing the problem with stakeholders, fixing "
                    "upstream data issues and iterating on the live system based on what they measured.",
                },
            },
            {
                "code": "baseline_thinking",
                "name": "Baseline thinking",
                "description": "Whether the candidate compared against simple heuristics and baselines before "
                "reaching for complex ML.",
                "weight": 1.5,
                "required": True,
                "anchors": {
                    "1": "Went straight to a complex model and could not say what it was compared against, or saw "
                    "no need for a baseline.",
                    "2": "Mentioned a baseline only when prompted, or compared only against another complex model "
                    "rather than a simple heuristic.",
                    "3": "Built a simple baseline first (rule, moving average, KNN or logistic regression), "
                    "reported the gain over it, and justified the extra complexity.",
                    "4": "Treated 'do no ML first' as a habit: gave an example where the heuristic won or was "
                    "shipped, and sized the remaining headroom before investing in a model.",
                },
            },
            {
                "code": "impact_measurement",
                "name": "Impact measurement",
                "description": "How the candidate measured whether their work actually changed the outcome it "
                "was meant to change.",
                "weight": 1.5,
                "required": True,
                "anchors": {
                    "1": "Reported only an offline metric such as AUC and could not say whether the work helped "
                    "anyone or was ever used.",
                    "2": "Claimed business impact but with no clear method, e.g. a before/after comparison that "
                    "ignored seasonality or other changes.",
                    "3": "Tied the model to a business or user metric and measured it with an A/B test or a "
                    "credible quasi-experiment, and could state the result with its uncertainty.",
                    "4": "Explained gaps between offline and online results, what they learned from them, and how "
                    "measurement shaped the next iteration or a decision to stop.",
                },
            },
        ],
    },
    "ml_systems": {
        "notes": "Initial version.",
        "competencies": [
            {
                "code": "system_design",
                "name": "System design",
                "description": "Ability to lay out a coherent ML system that meets the stated product requirements.",
                "weight": 2.0,
                "required": True,
                "anchors": {
                    "1": "Jumped to a model choice without clarifying requirements, and could not describe how "
                    "predictions would reach users.",
                    "2": "Drew the main components but left gaps, such as no plan for serving latency, fallbacks "
                    "or where features come from at request time.",
                    "3": "Clarified scale, latency and success metrics, then proposed a complete design covering "
                    "data, training, serving and evaluation with sensible component choices.",
                    "4": "Designed a staged system (e.g. candidate generation then ranking) fitted to constraints, "
                    "and explained how it would evolve as traffic or requirements grow.",
                },
            },
            {
                "code": "data_pipelines",
                "name": "Data pipelines",
                "description": "Understanding of how training data and features are produced, validated and kept "
                "consistent.",
                "weight": 1.5,
                "required": True,
                "anchors": {
                    "1": "Assumed clean labelled data would simply be available and did not discuss its source.",
                    "2": "Described data sources but missed issues such as label delay, leakage or differences "
                    "between training and serving features.",
                    "3": "Designed pipelines that log features at serving time, handle delayed labels, and include "
                    "basic validation checks before training.",
                    "4": "Addressed point-in-time correctness, backfills and data contracts with upstream teams, "
                    "and explained how each choice prevents a specific failure.",
                },
            },
            {
                "code": "monitoring_iteration",
                "name": "Monitoring and iteration",
                "description": "How the candidate keeps a deployed model healthy and improves it over time.",
                "weight": 1.5,
                "required": True,
                "anchors": {
                    "1": "Treated deployment as the end of the project, with no monitoring or retraining plan.",
                    "2": "Proposed monitoring only system health such as latency and errors, not model quality or "
                    "input drift.",
                    "3": "Proposed monitoring of input drift, prediction distribution and business metrics, with "
                    "alerts and a defined retraining and rollback process.",
                    "4": "Described how to detect silent degradation when labels arrive late, and set up a safe "
                    "loop of shadow tests, canaries and experiments for continuous improvement.",
                },
            },
            {
                "code": "tradeoffs",
                "name": "Trade-offs",
                "description": "Ability to make and explain explicit trade-offs between accuracy, cost, latency and "
                "complexity.",
                "weight": 1.5,
                "required": True,
                "anchors": {
                    "1": "Presented a single design as obviously correct and could not name any downside.",
                    "2": "Acknowledged trade-offs when asked but could not weigh them against the product's "
                    "actual needs.",
                    "3": "Compared at least two options (e.g. batch versus online scoring) on latency, cost and "
                    "accuracy, and chose one with a clear reason.",
                    "4": "Quantified trade-offs roughly, said what they would build first and defer, and named the "
                    "signal that would make them revisit the decision.",
                },
            },
        ],
    },
    "leadership": {
        "notes": "Initial version.",
        "competencies": [
            {
                "code": "people_leadership",
                "name": "People leadership",
                "description": "How the candidate develops, supports and holds accountable the scientists they lead.",
                "weight": 2.0,
                "required": True,
                "anchors": {
                    "1": "Could not give an example of growing someone, or described people mainly as resources "
                    "to assign tasks to.",
                    "2": "Gave general management principles but examples lacked detail on what they did and what "
                    "changed for the person.",
                    "3": "Described specific coaching of a scientist with a visible result, and handled an "
                    "under-performance case with clear expectations and timely feedback.",
                    "4": "Showed a track record of building strong scientists who went on to lead, and adapted "
                    "their style deliberately to different people and situations.",
                },
            },
            {
                "code": "technical_direction",
                "name": "Technical direction",
                "description": "Ability to set and communicate an ML technical direction that the team follows.",
                "weight": 1.5,
                "required": True,
                "anchors": {
                    "1": "Could not describe a technical decision they drove, or deferred all direction to others.",
                    "2": "Set direction by decree or by chasing trends, without showing how it served the "
                    "product or how the team was brought along.",
                    "3": "Described a roadmap they set, grounded in product needs and evidence, and how they got "
                    "the team's buy-in and revisited it when results came in.",
                    "4": "Changed the direction of a team or organisation, e.g. moving from ad hoc models to a "
                    "shared platform, and showed the measurable payoff and what they would do differently.",
                },
            },
            {
                "code": "stakeholder_management",
                "name": "Stakeholder management",
                "description": "How the candidate works with product, engineering and business leaders on what ML "
                "should and should not do.",
                "weight": 1.5,
                "required": True,
                "anchors": {
                    "1": "Described stakeholders as people who 'don't understand ML' and had no example of "
                    "aligning with them.",
                    "2": "Accepted stakeholder requests as given, including ones ML could not deliver, and "
                    "explained problems only after the fact.",
                    "3": "Reshaped a stakeholder request into a feasible ML problem, set expectations on "
                    "uncertainty and timelines, and kept them informed as results changed.",
                    "4": "Talked a stakeholder out of an ML project that a simpler solution served better, or "
                    "built lasting trust that gave the team room to take on longer-term bets.",
                },
            },
            {
                "code": "hiring_bar",
                "name": "Hiring bar",
                "description": "How the candidate recruits and assesses applied ML scientists and keeps the bar "
                "consistent.",
                "weight": 1.0,
                "required": False,
                "anchors": {
                    "1": "Had no view on what makes a strong applied scientist, or hired mainly on pedigree and "
                    "gut feel.",
                    "2": "Could describe a process but not the signals they look for, and had not dealt with a "
                    "disagreement in a hiring decision.",
                    "3": "Named the specific signals they assess and how, and described calibrating with other "
                    "interviewers to keep decisions consistent.",
                    "4": "Designed or improved an interview loop, with evidence that it raised hiring quality, "
                    "and held the bar under pressure to fill a role quickly.",
                },
            },
        ],
    },
}


# The technical rounds an engineering-manager candidate is checked on.
ML_CODING_TECHNICAL = ("ml_coding", "breadth")
