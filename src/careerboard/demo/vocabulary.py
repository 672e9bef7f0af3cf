"""Word pools for generated job ads: realistic enough to search and read, true of any role."""

# How a job ad asks for one of its required skills.
SKILL_PHRASES = [
    "Hands-on experience with {skill}.",
    "Solid, practical knowledge of {skill}.",
    "You have used {skill} in production work.",
    "Experience with {skill} in a professional setting.",
    "Confidence with {skill}.",
]

DUTIES = [
    "Design, build and ship features that customers use every day",
    "Own problems end to end, from the first sketch to the metrics after launch",
    "Work closely with product, design and support to decide what to build next",
    "Review work from teammates and help raise the bar for quality",
    "Write short notes that explain your decisions before large changes",
    "Improve the reliability and speed of the systems you touch",
    "Share what you learn with the rest of the company",
    "Mentor newer colleagues and share what you learn",
    "Talk to customers to understand the problems behind their requests",
    "Measure the impact of your work and iterate on it",
    "Break large projects into small, safe steps",
    "Keep our tooling and processes simple as the team grows",
]
TRAITS = [
    "You write clearly and enjoy working asynchronously",
    "You are comfortable owning decisions and explaining the trade-offs",
    "You care about the people who use what you build",
    "You prefer simple solutions and can say why",
    "You give and receive feedback with kindness",
    "You can plan your own week and keep others informed",
]
BENEFITS = [
    "Fully remote, with a yearly team retreat",
    "Flexible working hours across time zones",
    "A home-office and equipment budget",
    "A learning budget for courses, books and conferences",
    "Private health insurance",
    "Paid parental leave",
    "Four weeks of paid holiday plus local holidays",
    "Stock options",
    "A co-working membership if you want one",
    "Paid volunteering days",
    "A four-day week in the summer",
    "Mental-health support",
]
FILLER = [
    "We value focus and calm over heroics.",
    "We release often, in small steps, and measure the effect of what we ship.",
    "We write things down: decisions, plans and lessons learned live in shared documents.",
    "Most of our work together happens in writing, with a few short calls each week.",
    "We grew steadily over the last years and are profitable.",
    "Everyone on the team talks to customers regularly.",
    "We invest in onboarding: your first weeks come with a buddy and a clear plan.",
    "We favour simple tools, clear processes and work that lasts.",
    "We support people who want to manage others as well as those who stay hands-on.",
    "Meetings are few and have an agenda; most questions are answered in a shared channel.",
    "We hire people from many countries and backgrounds and pay them fairly for their role.",
    "Teams set their own goals each quarter and review them openly.",
    "We say what we do not know yet and treat mistakes as things to learn from.",
    "You will have the time and the tools to do careful work.",
    "We publish our handbook, so you can read how we work before you apply.",
    "Our interview process has three short steps and we reply to every application.",
]
