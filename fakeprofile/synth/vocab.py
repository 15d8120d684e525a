"""Vocabularies: occupations, and the texts profiles and invitation notes are written from."""

from __future__ import annotations

from dataclasses import dataclass

#: The platform's own note, sent when the inviter writes nothing of their own.
DEFAULT_INVITE = "I'd like to add you to my professional network on LinkedIn."

@dataclass(frozen=True)
class Occupation:
    """One line of work: job titles by seniority, skills, what the work is about, and what people study."""

    label: str
    titles: tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...]]
    intern: str
    skills: tuple[str, ...]
    topics: tuple[str, ...]
    degree_fields: tuple[str, ...]


OCCUPATIONS: dict[str, Occupation] = {
    "software": Occupation(
        "software engineering",
        (("Junior Software Developer", "Software Engineer I", "Associate Developer"),
         ("Software Engineer", "Backend Developer", "Full Stack Developer", "Frontend Engineer"),
         ("Senior Software Engineer", "Senior Backend Engineer", "Staff Engineer"),
         ("Engineering Manager", "Principal Engineer", "Head of Engineering", "CTO")),
        "Software Engineering Intern",
        ("Python", "Java", "JavaScript", "TypeScript", "React", "Node.js", "Kubernetes", "AWS", "Docker",
         "PostgreSQL", "Go", "Microservices", "CI/CD", "Git", "System Design"),
        ("backend services", "developer tooling", "payments infrastructure", "the mobile app",
         "distributed systems", "the cloud migration", "our public API", "search"),
        ("Computer Science", "Software Engineering", "Information Technology", "Computer Engineering"),
    ),
    "data": Occupation(
        "data science",
        (("Junior Data Analyst", "Data Analyst I", "Reporting Analyst"),
         ("Data Analyst", "Data Scientist", "Data Engineer", "BI Developer"),
         ("Senior Data Scientist", "Senior Data Engineer", "Machine Learning Engineer"),
         ("Head of Data", "Director of Analytics", "Principal Data Scientist")),
        "Data Science Intern",
        ("SQL", "Python", "Machine Learning", "Tableau", "Power BI", "Spark", "Statistics", "dbt", "Airflow",
         "Pandas", "A/B Testing", "Data Visualization", "Snowflake", "R"),
        ("churn models", "the data warehouse", "forecasting", "marketing attribution", "fraud detection",
         "dashboards for the ops team", "recommendation models"),
        ("Statistics", "Mathematics", "Data Science", "Economics", "Computer Science"),
    ),
    "marketing": Occupation(
        "marketing",
        (("Marketing Assistant", "Marketing Coordinator", "Social Media Assistant"),
         ("Marketing Specialist", "Digital Marketing Manager", "Content Marketing Manager", "Brand Manager"),
         ("Senior Marketing Manager", "Senior Brand Manager", "Growth Marketing Lead"),
         ("Head of Marketing", "Marketing Director", "CMO")),
        "Marketing Intern",
        ("Digital Marketing", "SEO", "Content Strategy", "Google Analytics", "Social Media Marketing",
         "Brand Management", "Copywriting", "HubSpot", "Email Marketing", "Marketing Strategy"),
        ("brand campaigns", "paid social", "the newsletter", "product launches", "SEO", "events",
         "partner marketing"),
        ("Marketing", "Communications", "Business Administration", "Journalism"),
    ),
    "sales": Occupation(
        "sales",
        (("Sales Development Representative", "Business Development Associate", "Inside Sales Representative"),
         ("Account Executive", "Sales Executive", "Business Development Manager"),
         ("Senior Account Executive", "Key Account Manager", "Regional Sales Manager"),
         ("Head of Sales", "Sales Director", "VP Sales")),
        "Sales Intern",
        ("B2B Sales", "Salesforce", "Negotiation", "Account Management", "Lead Generation", "CRM",
         "Cold Calling", "Solution Selling", "Pipeline Management", "SaaS"),
        ("mid-market accounts", "the enterprise pipeline", "channel partners", "renewals", "new logos",
         "the EMEA territory", "public sector deals"),
        ("Business Administration", "Marketing", "Economics", "Communications"),
    ),
    "hr": Occupation(
        "human resources",
        (("HR Assistant", "Recruitment Coordinator", "Talent Acquisition Associate"),
         ("HR Generalist", "Recruiter", "Talent Acquisition Specialist", "HR Business Partner"),
         ("Senior Recruiter", "HR Manager", "Senior Talent Acquisition Partner"),
         ("Head of People", "HR Director", "VP Talent")),
        "HR Intern",
        ("Recruiting", "Talent Acquisition", "Employee Relations", "Onboarding", "HRIS", "Workday",
         "Sourcing", "Interviewing", "Performance Management", "Compensation & Benefits"),
        ("tech hiring", "onboarding", "employee relations", "campus recruiting", "the HRIS rollout",
         "performance reviews", "payroll"),
        ("Human Resources", "Psychology", "Business Administration", "Sociology"),
    ),
    "finance": Occupation(
        "finance",
        (("Junior Accountant", "Finance Assistant", "Accounts Payable Clerk"),
         ("Accountant", "Financial Analyst", "Auditor", "FP&A Analyst"),
         ("Senior Financial Analyst", "Finance Manager", "Senior Auditor"),
         ("Finance Director", "CFO", "Head of FP&A")),
        "Finance Intern",
        ("Financial Modeling", "Excel", "IFRS", "Budgeting", "Forecasting", "SAP FICO", "Audit",
         "Accounting", "Valuation", "Corporate Finance"),
        ("month-end close", "budgeting", "audits", "the ERP migration", "treasury", "investor reporting"),
        ("Accounting", "Finance", "Economics", "Business Administration"),
    ),
    "design": Occupation(
        "design",
        (("Junior Designer", "Graphic Designer", "Design Assistant"),
         ("UX Designer", "Product Designer", "UI Designer", "Visual Designer"),
         ("Senior Product Designer", "Senior UX Researcher", "Lead Designer"),
         ("Head of Design", "Design Director", "Creative Director")),
        "Design Intern",
        ("Figma", "User Research", "Prototyping", "Adobe Illustrator", "Photoshop", "Design Systems",
         "Interaction Design", "Typography", "Usability Testing", "Sketch"),
        ("the design system", "onboarding flows", "the checkout", "brand identity", "user research",
         "the mobile app"),
        ("Graphic Design", "Industrial Design", "Human-Computer Interaction", "Fine Arts"),
    ),
    "product": Occupation(
        "product management",
        (("Associate Product Manager", "Product Analyst", "Junior Product Owner"),
         ("Product Manager", "Product Owner", "Technical Product Manager"),
         ("Senior Product Manager", "Group Product Manager", "Lead Product Manager"),
         ("Head of Product", "Director of Product", "VP Product")),
        "Product Management Intern",
        ("Product Management", "Agile", "Scrum", "Roadmapping", "Jira", "User Stories", "Product Strategy",
         "Stakeholder Management", "Analytics", "Go-to-Market Strategy"),
        ("the onboarding funnel", "pricing", "the partner platform", "growth experiments", "the mobile app",
         "search and discovery"),
        ("Business Administration", "Computer Science", "Economics", "Engineering"),
    ),
    "operations": Occupation(
        "operations",
        (("Operations Assistant", "Logistics Coordinator", "Operations Associate"),
         ("Operations Analyst", "Supply Chain Analyst", "Project Coordinator", "Operations Specialist"),
         ("Operations Manager", "Supply Chain Manager", "Senior Project Manager"),
         ("Head of Operations", "COO", "Director of Supply Chain")),
        "Operations Intern",
        ("Supply Chain Management", "Logistics", "Project Management", "Lean Six Sigma", "Process Improvement",
         "Procurement", "Inventory Management", "Excel", "ERP", "Vendor Management"),
        ("warehouse operations", "last-mile delivery", "vendor onboarding", "procurement", "the S&OP process",
         "fleet planning"),
        ("Industrial Engineering", "Supply Chain Management", "Business Administration", "Logistics"),
    ),
    "healthcare": Occupation(
        "healthcare",
        (("Nursing Assistant", "Clinical Research Assistant", "Pharmacy Technician"),
         ("Registered Nurse", "Clinical Research Associate", "Physiotherapist", "Pharmacist"),
         ("Senior Clinical Research Associate", "Charge Nurse", "Clinical Lead"),
         ("Head of Clinical Operations", "Director of Nursing", "Medical Director")),
        "Clinical Intern",
        ("Patient Care", "Clinical Research", "GCP", "Healthcare", "Clinical Trials", "Nursing",
         "Electronic Medical Records", "Pharmacology", "Patient Safety"),
        ("oncology trials", "the ICU", "patient safety", "the vaccine study", "outpatient care",
         "medical devices"),
        ("Nursing", "Pharmacy", "Biomedical Science", "Public Health"),
    ),
    "education": Occupation(
        "education",
        (("Teaching Assistant", "Tutor", "Learning Support Assistant"),
         ("Teacher", "Instructional Designer", "Lecturer", "Learning Specialist"),
         ("Senior Lecturer", "Head of Department", "Senior Instructional Designer"),
         ("School Principal", "Head of Learning", "Director of Education")),
        "Education Intern",
        ("Curriculum Development", "Teaching", "E-Learning", "Classroom Management", "Instructional Design",
         "Public Speaking", "Mentoring", "Educational Technology"),
        ("the maths curriculum", "online courses", "teacher training", "student assessment", "STEM outreach"),
        ("Education", "Mathematics", "English Literature", "Psychology"),
    ),
    "engineering": Occupation(
        "engineering",
        (("Graduate Engineer", "Junior Mechanical Engineer", "Site Engineer"),
         ("Mechanical Engineer", "Civil Engineer", "Electrical Engineer", "Process Engineer"),
         ("Senior Mechanical Engineer", "Senior Project Engineer", "Lead Engineer"),
         ("Engineering Director", "Chief Engineer", "Head of Engineering")),
        "Engineering Intern",
        ("AutoCAD", "SolidWorks", "MATLAB", "Project Engineering", "FEA", "Revit", "Lean Manufacturing",
         "PLC", "Quality Assurance", "Root Cause Analysis"),
        ("the plant expansion", "bridge inspections", "HVAC design", "the assembly line", "solar projects",
         "product testing"),
        ("Mechanical Engineering", "Civil Engineering", "Electrical Engineering", "Chemical Engineering"),
    ),
}
OCCUPATION_WEIGHTS: dict[str, float] = {
    "software": 16, "data": 8, "marketing": 10, "sales": 10, "hr": 7, "finance": 10, "design": 5,
    "product": 5, "operations": 9, "healthcare": 7, "education": 6, "engineering": 7,
}
SOFT_SKILLS: tuple[str, ...] = ("Leadership", "Communication", "Teamwork", "Project Management",
                                "Microsoft Office", "Problem Solving", "Customer Service", "English",
                                "Time Management", "Public Speaking", "Strategic Planning")

# --------------------------------------------------------------------------------------------------
# Texts: job descriptions, summaries, headlines, invitation notes
# --------------------------------------------------------------------------------------------------

#: Job descriptions as people write them: short, specific, uneven.
PLAIN_DESCRIPTIONS: tuple[str, ...] = (
    "Worked on {topic}.",
    "{Skill} and {skill2}, mostly on {topic}.",
    "Team of {k}. Responsible for {topic}.",
    "- {topic}\n- {skill}, {skill2}\n- reporting to the head of {dept}",
    "Day to day: {topic}, some {skill2}. Covered for my manager for {k} months.",
    "Joined as {prev_title}, promoted after {few} years.",
    "Contract role through an agency, extended twice.",
    "Looked after {topic} for the {region} region.",
    "Got the {topic} project over the line after two false starts.",
    "{topic} ({skill}). Left when the team moved to {other_city}.",
    "Mainly {topic}. Also the unofficial {skill} person.",
    "Cut the time spent on {topic} roughly in half by moving it to {skill}.",
)
#: Job descriptions in the upbeat register language models write (and some people do too).
POLISHED_DESCRIPTIONS: tuple[str, ...] = (
    "Spearheaded {topic} initiatives, driving a {pct}% improvement in {metric} through data-driven "
    "strategies and cross-functional collaboration.",
    "Led a high-performing team of {k} professionals to deliver innovative solutions for {topic}, aligned "
    "with organizational goals.",
    "Orchestrated end-to-end delivery of {topic}, ensuring timely execution within budget and fostering "
    "strong stakeholder relationships.",
    "Championed the adoption of {skill}, streamlining workflows and enhancing operational efficiency by {pct}%.",
    "Collaborated with senior leadership to shape the strategic direction of {topic}, resulting in "
    "sustainable growth.",
    "Developed and implemented comprehensive strategies for {topic} that increased {metric} by {pct}% "
    "year-over-year.",
    "Fostered a culture of innovation and continuous improvement across {dept} teams.",
    "Successfully launched {topic}, which significantly increased {metric} in the first year.",
    "Leveraged {skill} and {skill2} to transform {topic} and deliver measurable business impact.",
)
METRICS: tuple[str, ...] = ("customer satisfaction", "revenue", "operational efficiency", "engagement",
                            "retention", "time-to-market", "conversion rates", "team productivity")
DEPARTMENTS: tuple[str, ...] = ("engineering", "marketing", "sales", "finance", "operations", "product",
                                "customer success", "HR")
REGIONS: tuple[str, ...] = ("EMEA", "LATAM", "APAC", "North America", "DACH", "Nordics", "GCC")

PLAIN_SUMMARY: tuple[str, ...] = (
    "I'm a {title} at {employer}, based in {city}.",
    "{years}+ years in {field}, mostly {topic}.",
    "Currently working on {topic} at {employer}.",
    "Before that I spent {k} years at {prev_company}.",
    "I like hard problems, good coffee and people who write things down.",
    "Outside work: {hobby}.",
    "Happy to chat about {topic} or {topic2}.",
    "Ex-{prev_company}.",
    "Languages: {languages}.",
    "Not looking for new roles right now, thanks recruiters!",
    "Opinions are my own.",
    "I care about {topic2} more than is probably healthy.",
)
POLISHED_SUMMARY: tuple[str, ...] = (
    "A passionate {field} professional with over {years} years of experience in {topic} and {topic2}.",
    "Committed to leveraging {skill} to drive sustainable growth and meaningful impact.",
    "Proven track record of leading cross-functional teams and delivering innovative solutions in "
    "fast-paced environments.",
    "I thrive at the intersection of {topic} and {topic2}, where strategy meets execution.",
    "Dedicated to fostering collaboration, empowering teams and championing innovation across {dept}.",
    "Always eager to connect with like-minded professionals who share a vision for the future of {field}.",
    "Results-driven {title} with a demonstrated history of working in the {field} industry.",
    "Known for translating complex challenges into actionable strategies that deliver measurable results.",
)
# --------------------------------------------------------------------------------------------------
# Language-model tells (issue 18). Sources, summarised in :mod:`fakeprofile.synth.fakes`: Ayoobi et al. 2023
# (ACM HT '23) and Gulati et al. 2025 (ASONAM) on LLM-written LinkedIn profiles; the words are the "excess
# style words" of Kobak et al. 2025 (Science Advances: "delves", "pivotal", "intricate", "showcasing",
# "underscores" ...) and Liang et al. 2024, written here as a profile would use them, not copied from any
# profile. Every sentence carries at least one such word.
# --------------------------------------------------------------------------------------------------

#: The excess words the sentences below use, as written there. None of them occurs in the other registers
#: (the stock phrases of self-promotion that genuine people write too), so counting them counts this register.
EXCESS_WORDS: tuple[str, ...] = (
    "delve", "delved", "delving", "pivotal", "showcasing", "meticulous", "meticulously", "tapestry", "intricate",
    "underscoring", "realm", "landscape", "navigate", "navigated", "seamless", "testament", "invaluable",
    "bolstered", "embarking", "embarked", "elevate", "elevated", "adept", "ever-evolving",
)
#: About sentences in the excess vocabulary.
LLM_SUMMARY: tuple[str, ...] = (
    "I delve into {topic} with a meticulous eye for detail and a genuine passion for {topic2}.",
    "My journey in {field} is a rich tapestry of {topic}, {topic2} and continuous learning.",
    "I have played a pivotal role in {topic}, showcasing my ability to turn bold ideas into results.",
    "In the ever-evolving landscape of {field}, I navigate complexity with curiosity and resilience.",
    "I am adept at fostering seamless collaboration between {dept} and senior leadership.",
    "My work is a testament to the transformative power of {skill} in the realm of {topic}.",
    "I thrive on embarking on new challenges that elevate both people and performance.",
    "Meticulous, data-driven and deeply committed to excellence, I bring an invaluable blend of {skill} and "
    "{skill2} to every endeavor.",
    "Delving into the intricate details of {topic} is where I add the most value.",
)
#: Job-description sentences in the excess vocabulary.
LLM_DESCRIPTIONS: tuple[str, ...] = (
    "Spearheaded {topic}, showcasing a meticulous approach that elevated {metric} by {pct}%.",
    "Played a pivotal role in {topic}, fostering seamless collaboration across {dept} teams.",
    "Delved into {topic} to uncover insights, underscoring the value of {skill}.",
    "Navigated the intricate landscape of {topic}, delivering invaluable results for stakeholders.",
    "Bolstered {metric} by {pct}% through meticulous planning and {skill2}.",
    "Embarked on a transformative overhaul of {topic}, a testament to the team's commitment to excellence.",
    "Meticulously managed {topic}, ensuring seamless delivery in an ever-evolving environment.",
)
#: How a boilerplate About opens: the LinkedIn-suggested frame ("Experienced ... with a demonstrated history of
#: working in the ... industry", which genuine members keep too) and the stock openers models write.
LLM_OPENERS: tuple[str, ...] = (
    "Experienced {title} with a demonstrated history of working in the {field} industry.",
    "Results-oriented {title} with a demonstrated history of success in {topic}.",
    "Dynamic and detail-oriented {field} professional with {years}+ years of experience.",
    "Highly motivated {title} with a strong background in {topic} and {topic2}.",
    "Seasoned {field} professional with a passion for {topic}.",
)
#: The middle of LinkedIn's suggested frame: skills, then the degree.
LLM_SKILLED_IN: tuple[str, ...] = (
    "Skilled in {skill}, {skill2}, and {skill3}.",
    "Skilled in {skill}, {skill2}, {skill3}, and Team Leadership.",
    "Strong {dept} professional with a {degree} focused in {degree_field} from {school}.",
)
#: How a boilerplate About closes.
LLM_CLOSERS: tuple[str, ...] = (
    "Passionate about {topic} and driving meaningful change.",
    "Passionate about leveraging {skill} to create lasting impact.",
    "Let's connect to explore how we can create value together!",
    "Always open to new opportunities, collaborations and conversations.",
    "I am excited to continue growing and making an impact in {field}.",
)
#: Placeholders a prompt's template leaves in when nobody fills them in, by the template slot whose value they
#: stand for (a text with "[Company Name]" where the employer's name would be).
PLACEHOLDER_FOR_SLOT: dict[str, tuple[str, ...]] = {
    "employer": ("[Company Name]", "[Company]"), "current_company": ("[Company Name]", "[Company]"),
    "prev_company": ("[Previous Company]", "[Company]"), "city": ("[City]", "[Location]"),
    "field": ("[Industry]", "[Field]"), "title": ("[Job Title]", "[Your Title]"), "pct": ("[X]",),
    "school": ("[University]",), "topic": ("[insert achievement]", "[Key Project]"), "name": ("[Your Name]",),
    "client": ("[Client Name]",),
}

GRADUATE_SUMMARY: tuple[str, ...] = (
    "Recent {degree} graduate from {school} with a passion for {topic}.",
    "Eager to apply my skills in {skill} and {skill2} to real-world challenges.",
    "Currently seeking entry-level opportunities in {field}.",
    "Completed internships at {prev_company} where I worked on {topic}.",
    "Quick learner, team player, and always curious.",
    "Feel free to reach out!",
)
RECRUITER_SUMMARY: tuple[str, ...] = (
    "I connect great {field} people with great teams.",
    "Specialising in {opening} hiring across {region}.",
    "If you're open to new opportunities, feel free to reach out - I always reply.",
    "Currently hiring for several roles at {employer}.",
    "{years} years in agency and in-house recruitment.",
    "Always happy to connect!",
)
LION_SUMMARY: tuple[str, ...] = (
    "LION - open networker. I accept all invitations and never click IDK.",
    "{k}K+ connections and growing.",
    "Invite me: {email}",
    "Let's connect and grow our networks together!",
    "I am a {title} by day and a networker always.",
)
FREELANCE_SUMMARY: tuple[str, ...] = (
    "Freelance {role} helping small businesses with {topic}.",
    "Previously in-house at {prev_company}.",
    "Portfolio on request.",
    "Available for new projects from next month.",
    "Clients across {region}. Remote-friendly.",
    "Rates and availability: {email}",
)
SALES_SPAM_SUMMARY: tuple[str, ...] = (
    "We help B2B companies 10x their pipeline with done-for-you lead generation 🚀",
    "Over {k}00 happy clients worldwide.",
    "DM me 'LEADS' for a FREE audit!",
    "📞 WhatsApp: +{phone}",
    "Guaranteed results in 30 days or your money back.",
    "Book a call: calendly.com/{handle}",
)
COMPANY_SUMMARY: tuple[str, ...] = (
    "{org} is a leading provider of {service} solutions for businesses of all sizes.",
    "Our team of experts delivers quality, reliability and value.",
    "Contact us today: info@{handle}.com",
    "We offer {service}, {service2} and more at competitive prices.",
    "Serving clients since {year}.",
)
SHORT_SUMMARY: tuple[str, ...] = (
    "HR professional.", "Hard working and motivated.", "Looking for new opportunities.", "Manager",
    "Engineer.", "Hi!", "{title}", "Business owner", "Open to work", "Passionate professional",
)
HOBBIES: tuple[str, ...] = ("running", "bouldering", "sourdough", "chess", "my two kids", "cycling",
                            "birdwatching", "film photography", "board games", "volunteering at the food bank")
LANGUAGES: tuple[str, ...] = ("English, Spanish", "English, Portuguese", "English, Hindi", "English, French",
                              "German, English", "English, Mandarin", "English, Arabic", "English")
SERVICES: tuple[str, ...] = ("SEO", "web design", "digital marketing", "IT outsourcing", "staffing",
                             "bookkeeping", "app development", "logistics", "lead generation", "solar installation")

HEADLINE_TOPICS: tuple[str, ...] = ("Building things that matter", "Ex-consultant", "Coffee enthusiast",
                                    "Mentor", "Speaker", "Lifelong learner", "Open to work", "Team builder")
POLISHED_HEADLINE_TAILS: tuple[str, ...] = (
    "Passionate about Sustainable Innovation", "Driving Digital Transformation", "Championing Innovation 🚀",
    "Advocate for Inclusive Growth", "Empowering Teams to Succeed", "Thought Leader", "Speaker | Mentor",
)

#: Notes a genuine sender writes to someone they know or met.
#: Notes written to one person: each names something of theirs (their company, a topic, an event), so two
#: people's personal notes are almost never the same text.
PERSONAL_NOTES: tuple[str, ...] = (
    "Hi {first}, great meeting you at {event} last week. Would love to hear more about {topic} at {rcompany}!",
    "Hey {first} - we worked together on {topic} back at {shared}. Good to see you at {rcompany} now!",
    "{first}, thanks for your talk at {event}. The part about {topic} was really useful for my team.",
    "Hi {first}! Fellow {school} alum here, also working in {field}. Would be great to connect with someone at "
    "{rcompany}.",
    "Hi {first}, {mutual} suggested I reach out about the {field} meetup in {rcity}.",
    "hey {first}, it was nice chatting about {topic} after the panel at {event}. Let's keep in touch",
    "Hi {first}, I'm moving to {rcity} next month and saw you're at {rcompany} - would love to hear how you "
    "like it there.",
    "Dear {first}, thank you for your time during the interview today. I enjoyed learning about the team at "
    "{rcompany}.",
    "{first}! Long time no see. Congrats on the new role at {rcompany}.",
    "Hi {first}, we spoke briefly on our call about {topic} with {rcompany} yesterday. Connecting as promised.",
)
#: Generic networking notes, sent by genuine people and fakes alike.
GENERIC_NOTES: tuple[str, ...] = (
    "Hi {first}, I came across your profile and would love to connect.",
    "I think we can mutually help each other, let's connect.",
    "LinkedIn suggested you as someone I should connect with. Open to it?",
    "We share {k} connections, so we should be connected too.",
    "Hi {first}, expanding my network in {field}. Happy to connect!",
    "Came across your profile here and noticed we had LinkedIn groups in common, was intrigued and would "
    "love to connect.",
    "Hello {first}, I'd like to connect with professionals in {rcity}.",
    "Hi, I am looking to grow my network. Please accept.",
)
#: The bare defaults: the platform's note and near-copies of it.
TEMPLATE_NOTES: tuple[str, ...] = (
    DEFAULT_INVITE,
    DEFAULT_INVITE,
    DEFAULT_INVITE,
    "I'd like to add you to my professional network.",
    "{first}, I'd like to add you to my professional network on LinkedIn.",
    "I'd like to join your LinkedIn network.",
)
#: Notes in the polished register of language models.
POLISHED_NOTES: tuple[str, ...] = (
    "Hi {first}, I came across your impressive work at {rcompany} and was inspired by your commitment to "
    "{topic}. I'd be delighted to connect and exchange insights.",
    "Dear {first}, as a fellow professional passionate about {field}, I would be honored to connect and "
    "explore potential synergies between our work.",
    "Hello {first}, your journey at {rcompany} truly resonates with me. I'm always eager to connect with "
    "forward-thinking leaders in {field}. Looking forward to connecting!",
    "Hi {first}, I admire the innovative work your team at {rcompany} is doing. It would be wonderful to "
    "connect and learn from each other.",
)
GRADUATE_NOTES: tuple[str, ...] = (
    "Hi {first}, I'm a recent {school} graduate interested in {field}. I'd really appreciate the chance to "
    "connect and learn from your experience.",
    "Hello {first}, I'm exploring entry-level roles in {field} and your path at {rcompany} is inspiring. "
    "Would you be open to connecting?",
)
LION_NOTES: tuple[str, ...] = (
    "I'm an open networker (LION) and accept all invitations. Let's grow our networks together!",
    "Hi {first}, I'm a LION with {k}K+ connections. Connect with me to expand your reach.",
)
RECRUITER_NOTES: tuple[str, ...] = (
    "Hi {first}, I'm recruiting for a {opening} role at {client} (hybrid, {rcity}). Your background looks like "
    "a great fit - open to a quick chat?",
    "Hello {first}, I work with top {field} talent in {rcity}. Let's connect so I can share relevant "
    "opportunities.",
    "Hi {first}! We're hiring! Several openings for {opening}s, remote, competitive pay. Interested?",
    "Hi {first}, saw your experience at {rcompany}. I have a confidential search that might interest you.",
)
SALES_NOTES: tuple[str, ...] = (
    "Hi {first}, I want to tell you about a terrific new product we have for teams like yours at {rcompany}.",
    "Hi {first}, we help {field} teams cut costs by {pct}%. Would you be open to a 15-minute call this week?",
    "Hello {first}, I noticed {rcompany} is growing fast. Our {product} platform could help. Can I send you "
    "a short demo?",
    "Hi {first}, quick question: who handles {product} decisions at {rcompany}?",
    "Hi {first}, I'd love to show you how we helped {client} double their pipeline in 90 days.",
)
HARVEST_NOTES: tuple[str, ...] = (
    "I developed a method that gives you many leads and more on LinkedIn, Facebook, Twitter and many others "
    "in 24 hours! I would love to run a quick test 🙂 What is your PHONE NUMBER?",
    "Hi dear, please share your WhatsApp number so we can discuss a business opportunity.",
    "Hello {first}, I have an investment opportunity with guaranteed returns. What's your email or phone?",
    "Hi {first}, kindly send me your email so I can share our company profile and price list.",
    "Hi {first}, are you the right person to talk to about {product}? Please send your direct number.",
)
FREELANCE_NOTES: tuple[str, ...] = (
    "Hi {first}, I'm a freelance {role}. If {rcompany} ever needs extra hands on {topic}, I'd be glad to help.",
    "Hi {first}, I saw your post about {topic} - I've done similar work for clients in {rcity}. Happy to "
    "connect.",
)
COMPANY_NOTES: tuple[str, ...] = (
    "{org} offers {service} at the best prices. Visit our website and get a free quote today!",
    "Dear Sir/Madam, {org} would like to partner with {rcompany} for {service}. Please connect.",
)
NOTES: dict[str, tuple[str, ...]] = {
    "personal": PERSONAL_NOTES, "generic": GENERIC_NOTES, "template": TEMPLATE_NOTES,
    "polished": POLISHED_NOTES, "graduate": GRADUATE_NOTES, "lion": LION_NOTES,
    "recruiter": RECRUITER_NOTES, "sales": SALES_NOTES, "harvest": HARVEST_NOTES,
    "freelance": FREELANCE_NOTES, "company": COMPANY_NOTES,
}
EVENTS: tuple[str, ...] = ("Web Summit", "the AWS Summit", "DevConf", "SaaStr", "the CIPD conference",
                           "the product meetup", "Collision", "the alumni dinner", "PyCon", "the HR Tech fair")
PRODUCTS: tuple[str, ...] = ("CRM", "analytics", "payroll", "cybersecurity", "HR software", "lead generation",
                             "cloud cost", "sales automation")

#: Notes that claim something about the recipient (``{claimed}`` is a role their headline does not show):
#: the seeds' "I see your an attorney in New York" sent to someone who is not a lawyer.
LYING_NOTES: tuple[str, ...] = (
    "Came across your profile here and noticed we had LinkedIn groups in common. I see your an {claimed} in "
    "{rcity}. Excited to learn more about what your up to professionally.",
    "Hi {first}, as a fellow {claimed} I'd love to connect and compare notes.",
    "Hello {first}, I see you're an experienced {claimed}. We met at {event}, remember?",
    "Hi {first}, your work as a {claimed} in {rcity} is impressive. Let's connect!",
)
#: Roles a lying note claims the recipient has.
CLAIMED_ROLES: tuple[str, ...] = ("attorney", "lawyer", "doctor", "investor", "architect", "pilot", "surgeon",
                                  "professor", "dentist")
#: Fixed texts that campaigns send unchanged from many accounts (no name, nothing personal).
CAMPAIGN_NOTES: tuple[str, ...] = (
    "Hello, I am expanding my professional network and would be glad to have you in it.",
    "Hi there! Let's connect and grow together.",
    "Greetings, I would like to connect with professionals like you. Kind regards.",
    "Hi, I came across your profile and think we should connect.",
    "Hello dear, I will be happy to have you in my network.",
    "Hi! I help professionals grow their business. Let's connect.",
    "Hey, I'm building my network in your industry. Accept?",
    "Good day, it would be a pleasure to connect with you.",
    "Hi, we have common interests. Let us connect.",
    "Hello! I'm looking for new opportunities and connections in your area.",
    "Hi, I am a recruiter with exciting opportunities. Let's connect.",
    "Hello, would love to add you to my network of industry leaders.",
    # A false acquaintance (seed 000 #9): a campaign text that claims a shared event, sent to everyone alike.
    "Great meeting you at the industry summit last week, let's stay in touch.",
    "It was a pleasure to hear your talk at the leadership conference. I'd like to keep in touch.",
    "Hi, we met briefly at the networking breakfast, happy to connect here.",
)
#: Campaign notes written to pass for personal ones: mail-merged with the recipient's first name, the rest the
#: same for every account of the campaign (its event, field and topic drawn once per campaign). Only the count
#: of senders tells them from a real acquaintance's note (seeds 000 #8 and #9: mass requests, false
#: acquaintances).
PERSONAL_CAMPAIGN_NOTES: tuple[str, ...] = (
    "Hi {first}, great meeting you at {event} last week. Let's stay in touch!",
    "{first}, I enjoyed your comments on the {field} panel at {event}. Would be great to connect.",
    "Hi {first}, we met briefly at {event} - good to reconnect here.",
    "Hey {first}, I saw your post about {topic} and it really resonated with me. Would love to connect.",
    "Hi {first}, I'm also in {field} and we have several people in common. Happy to connect!",
    "Dear {first}, it was a pleasure chatting at {event}. I'd love to keep the conversation going.",
    "Hi {first}, your background in {field} caught my eye - I think we'd have a lot to talk about.",
    "Hi {first}! Fellow {field} professional here, also following {topic}. Looking forward to learning from you.",
)
#: What a note asks for when it wants contact details off the platform.
CONTACT_ASKS: tuple[str, ...] = (
    "What is your PHONE NUMBER?", "Please share your WhatsApp number.", "Send me your email so I can share details.",
    "What's the best number to reach you on?", "Can you give me your personal email?",
)
#: Words that shouting notes add.
SHOUTS: tuple[str, ...] = ("AMAZING OPPORTUNITY!!!", "DON'T MISS OUT!!", "ACT NOW!!! 🚀", "100% GUARANTEED!! 💰",
                           "LIMITED TIME!!! 🔥")

# ------------------------------------------------------------------------------- the profile page (issue 19)
#: Top-level domains of own websites (a person's name or an employer's), most of them ``.com``.
OWN_TLDS: tuple[str, ...] = (".com", ".com", ".com", ".com", ".net", ".io", ".co", ".dev", ".me", ".org",
                             ".co.uk", ".de", ".com.br", ".in", ".ca")
#: Link shorteners (``odd_website``): the link hides where it leads.
URL_SHORTENERS: tuple[str, ...] = ("bit.ly", "tinyurl.com", "rb.gy", "cutt.ly", "shorturl.at", "t.ly", "is.gd",
                                   "ow.ly", "tiny.cc")
#: Free hosts and link-in-bio pages (``odd_website``): a site anyone can make in minutes. Genuine freelancers
#: keep portfolios on them too (the innocent look-alike).
FREE_HOSTS: tuple[str, ...] = ("wixsite.com", "weebly.com", "wordpress.com", "blogspot.com", "github.io",
                               "carrd.co", "webnode.page", "godaddysites.com", "linktr.ee", "beacons.ai",
                               "sites.google.com")
#: Parts of domains unrelated to a person's name or employer (``odd_website``, as a fake links them).
UNRELATED_DOMAIN_A: tuple[str, ...] = ("crypto", "forex", "global", "smart", "easy", "fast", "best", "top",
                                       "prime", "elite", "rapid", "wealth", "growth", "lead")
UNRELATED_DOMAIN_B: tuple[str, ...] = ("profits", "trade", "leads", "capital", "income", "invest", "deals",
                                       "funnel", "signals", "coaching", "offers", "clicks", "markets")
#: Side interests genuine people link instead of their employer (a band, a blog, a side business).
SIDE_PROJECTS: tuple[str, ...] = ("photography", "bakes", "trailruns", "woodworks", "studio", "notes", "journal",
                                  "garden", "cycling", "recipes")
#: Grammar slips (``grammar_slip``, seed 004; the rule set issue 19 names): a correct form and its slip.
#: Where a note has none of them, a word is doubled or a sentence left without its capital.
GRAMMAR_SWAPS: tuple[tuple[str, str], ...] = (
    ("you're", "your"), ("You're", "Your"), ("you are", "your"), ("it's", "its"), ("It's", "Its"),
    ("than", "then"), ("could have", "could of"), ("would have", "would of"), ("should have", "should of"),
)
