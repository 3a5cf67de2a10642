"""What happens in each kind of story: the problem, the tries, the turn, the end, the lesson.

Markup in every line: <easy|middle|older> picks words by age band; [+ ...] is said to readers
from six, [++ ...] only to readers from nine. Lines of a list are alternatives.
"""

from __future__ import annotations

SETUP = [
    ["{name} was {kind_a} who lived {place}.",
     "Every day {he} <looked at|watched|loved to watch> the {sight1} and the {sight2}"
     "[+ with a happy hum][++, as if each one had a story of its own].",
     "{name} had {clothing}[+ and never went out without it]."],
    ["{place_cap} lived {kind_a} called {name}.",
     "{He} <liked|liked to count|enjoyed counting> the {sight1}[+ when the light was soft]"
     "[++ and the air smelled of something new].",
     "<{He} was small but bold.|Small as {he} was, {name} was bold.|Though {he} was small, "
     "{name} was curious about absolutely everything.>"],
    ["This is {name}.",
     "{name} is {kind_a}[+ with {clothing}].",
     "{He} spent <days|long days|long, happy afternoons> {place}"
     "[+, near the {sight1}][++ and the {sight2} that everyone adored]."],
]
SETUP_MORE = [
    ["{name} had many friends {place}.",
     "<They played with the {sight2}.|They played games among the {sight2}.|Together they "
     "invented games among the {sight2} that lasted until supper.>",
     "[+ {name} liked to think about {thing_a}.]"],
    ["<At night|Each evening|Each evening, before bed,> {name} read {his} <book|favourite "
     "book|favourite book about faraway places>.",
     "<{He} dreamed big dreams.|{He} dreamed of {thing_a}.|{He} dreamed about {thing_a}, and "
     "wondered what tomorrow would bring.>"],
]
HELPER = [
    ["Just then, {helper} came by.",
     "\"<What is wrong?|What is wrong, {name}?|You look worried, {name}. What happened?>\" "
     "asked {helper_name}.",
     "{name} told {helper_name} <all about it|the whole story|the whole story, from the "
     "very beginning>."],
    ["{name} sat down and <sighed|sighed a big sigh|let out a long, tired sigh>.",
     "Then {helper} <sat down too|sat down beside {him}|settled down right beside {him}>.",
     "\"<I can help.|Maybe I can help.|Two heads are better than one. Maybe I can help.>\" "
     "said {helper_name}."],
]
ATTEMPT_OPENERS = ["First,", "Next,", "Then", "After that,", "So", "Later,", "Once more,"]
FAILS = ["But it did not work.", "<But that did not help.|But that did not help at all."
         "|But that did not help, and {name} felt a little sad.>",
         "<Oh no!|Oh no, not yet!|Oh no, it was still not right.>",
         "[+ {name} took a deep breath and tried again.]"]

PLOTS: dict[str, dict[str, list]] = {
    "lost": {
        "problem": [["One day, {name} lost {his} {thing}.",
                     "<It was gone!|It was gone, just like that!|It was gone, and nobody "
                     "knew where it had gone.>",
                     "{name} felt <sad|very sad|a heavy, sinking feeling>[+ inside]."],
                    ["A big wind <came|blew in|blew in from nowhere>.",
                     "<Whoosh!|Whoosh! Away it went.|With a whoosh, it swept everything up.>",
                     "When it stopped, {name}'s {thing} was gone."]],
        "tries": ["{opener} {name} looked under the {sight1}.",
                  "{opener} {name} asked the {sight2} for help[+, one by one].",
                  "{opener} {name} climbed up high to look far away.",
                  "{opener} {name} called out, \"<Where are you?|Where are you, {thing}?"
                  "|Where have you gone, my {thing}?>\"",
                  "{opener} {name} followed <tiny tracks|a trail of tiny tracks|a trail of "
                  "tiny, puzzling tracks>.",
                  "{opener} {name} drew a map of every place {he} had been."],
        "turning": [["{name} and {helper_name} stopped and listened.",
                     "<They heard a sound.|They heard a small sound.|Somewhere nearby was a "
                     "faint, familiar sound.>",
                     "<They ran to see.|They ran to see what it was.|They hurried toward it "
                     "as fast as they could.>"]],
        "resolution": [["There it was!",
                        "The {thing} was <safe|safe and sound|safe and sound, tucked behind "
                        "the {sight3}>.",
                        "{name} <hugged it tight|gave it a big hug|hugged it and laughed>."]],
        "lesson": ["When something is lost, <stay calm and ask for help|stay calm, look "
                   "with care, and ask for help|keep calm, search carefully, and let your "
                   "friends help you look>."],
    },
    "fear": {
        "problem": [["But {name} had a secret.",
                     "{He} was afraid of {fear_of}.",
                     "<{He} did not like it one bit.|It made {his} heart go thump.|Just "
                     "thinking about it made {his} heart thump and {his} paws feel cold.>"]],
        "tries": ["{opener} {name} hid under a blanket.",
                  "{opener} {name} sang a song as loud as {he} could.",
                  "{opener} {name} counted to ten, very slowly.",
                  "{opener} {name} held {his} <toy|favourite toy|favourite toy very tight>.",
                  "{opener} {name} made a <plan|brave plan|careful, brave plan>.",
                  "{opener} {name} took one small step, then stopped."],
        "turning": [["{helper_name} <held {his} hand|stayed close|stayed close and calm>.",
                     "\"<Look again.|Let us look again.|Let us look again, together.>\"",
                     "{name} looked, and {fear_of} did not seem so big[++ after all, once "
                     "{he} truly looked]."]],
        "resolution": [["{name} was brave.",
                        "<{He} faced {fear_of}.|{He} faced {fear_of} and smiled.|Step by step, "
                        "{he} faced {fear_of}, and found something beautiful there.>"]],
        "lesson": ["<Being brave is not|Being brave does not mean|Being brave does not mean> "
                   "<no fear|having no fear|having no fear at all>. It means "
                   "<trying anyway|trying anyway, with a friend|trying anyway, often with a "
                   "friend close by>."],
    },
    "friendship": {
        "problem": [["But {name} felt <alone|a bit alone|lonely, even in a crowd>.",
                     "<{He} wanted a friend.|{He} wished for {thing_a}.|More than anything, "
                     "{he} wished for {thing_a}.>"],
                    ["There was a new face {place}.",
                     "{name} wanted to say hello, but <felt shy|felt too shy|felt too shy to "
                     "say a single word>."]],
        "tries": ["{opener} {name} waved, but nobody saw.",
                  "{opener} {name} made a <gift|small gift|small gift out of the {sight2}>.",
                  "{opener} {name} told a joke, but it came out <wrong|all wrong|all wrong "
                  "and tangled>.",
                  "{opener} {name} <shared a snack|offered to share a snack|offered to share "
                  "{his} favourite snack>.",
                  "{opener} {name} practised saying hello[+ to the {sight1}].",
                  "{opener} {name} built a game for two."],
        "turning": [["{helper_name} said, \"<Just be you.|Just be yourself.|The best thing you "
                     "can share is yourself.>\"",
                     "{name} <walked up|walked right up|walked right up, feeling brave,> and "
                     "said hello."]],
        "resolution": [["<They played all day.|They played together all day.|They played "
                        "together all afternoon, laughing until the sun went down.>",
                        "Now {name} had {thing_a}[+, and {thing_a} had {name}]."]],
        "lesson": ["<Friends start with hello.|A friend can start with one small hello.|"
                   "Every friendship starts with one brave hello and a little kindness.>"],
    },
    "new": {
        "problem": [["{name} wanted to learn something new: the {thing}.",
                     "<It looked hard.|It looked very hard.|It looked much harder than {he} "
                     "had imagined.>"]],
        "tries": ["{opener} {name} tried, and fell down.",
                  "{opener} {name} tried again, and wobbled.",
                  "{opener} {name} watched how others did it[+, very closely].",
                  "{opener} {name} practised <a lot|every day|every single morning>.",
                  "{opener} {name} felt <cross|cross and tired|cross, tired and ready to "
                  "give up>.",
                  "{opener} {name} tried with <eyes shut|{his} eyes shut|{his} eyes shut "
                  "tight>."],
        "turning": [["{helper_name} said, \"<Go slow.|Go slow and keep going.|Go slowly, and "
                     "do not stop trying.>\"",
                     "{name} tried once more, <slowly|slowly and calmly|slowly, calmly and "
                     "carefully>."]],
        "resolution": [["<{He} did it!|And {he} did it!|And this time, {he} did it!>",
                        "{name} <laughed and laughed|could not stop laughing|laughed so hard "
                        "that the {sight1} seemed to laugh too>."]],
        "lesson": ["<New things take time.|New things take practice and time.|Learning "
                   "something new takes practice, patience and a little courage.>"],
    },
    "kindness": {
        "problem": [["{name} saw that {helper_name} was <sad|sad and tired|sad, tired and "
                     "far from home>.",
                     "<{name} wanted to help.|{name} wanted to help with the {thing}.|{name} "
                     "wanted to help, with the {thing} and with a smile.>"]],
        "tries": ["{opener} {name} <made a card|made a bright card|made a bright card with "
                  "the {sight1} on it>.",
                  "{opener} {name} brought some soup.",
                  "{opener} {name} sang a <song|soft song|soft, silly song>.",
                  "{opener} {name} picked some {sight2}.",
                  "{opener} {name} asked, \"<What do you need?|What would help you most?|"
                  "What would truly help you today?>\"",
                  "{opener} {name} tidied up[+ everything nearby]."],
        "turning": [["{helper_name} <smiled|smiled a little|smiled for the first time in "
                     "days>.",
                     "<It was working!|Something was working.|Little by little, the kindness "
                     "was working.>"]],
        "resolution": [["Soon {helper_name} felt <better|much better|much, much better>.",
                        "<They had a party.|They had a party for everyone.|They threw a "
                        "party, and everyone {place} came.>"]],
        "lesson": ["<Small kind acts make a big glow.|Small kindnesses add up to something "
                   "big.|Small kindnesses, added together, can brighten anybody's day.>"],
    },
    "growing": {
        "problem": [["{name} <had|had been given|had been given> {thing_a}.",
                     "<{He} wanted it now!|{He} wanted it to be ready now.|{He} wanted it to "
                     "be ready right now, not later.>"]],
        "tries": ["{opener} {name} <checked|checked on it|checked on it every hour>.",
                  "{opener} {name} gave it water[+ and a song].",
                  "{opener} {name} tried to wait, but it was hard.",
                  "{opener} {name} counted the days[+ on {his} fingers].",
                  "{opener} {name} told the {thing} to hurry up.",
                  "{opener} {name} found other things to do."],
        "turning": [["One morning, <something changed|something had changed|something "
                     "quiet and wonderful had changed>.",
                     "{name} <ran to look|ran out to look|ran outside to look>."]],
        "resolution": [["<It was ready!|At last, it was ready!|At last, after all that "
                        "waiting, it was ready!>",
                        "It was even better than {name} <hoped|had hoped|had ever hoped>."]],
        "lesson": ["<Good things take time.|Good things are worth the wait.|The best things "
                   "often grow slowly, and they are worth the wait.>"],
    },
    "different": {
        "problem": [["{name} felt different from everyone {place}.",
                     "<{He} wished {he} was like the others.|{He} wished {he} could be like "
                     "the others.|{He} wished, more than anything, to fit in with the "
                     "others.>"]],
        "tries": ["{opener} {name} tried to look like the {sight1}.",
                  "{opener} {name} tried to sound like the {sight2}.",
                  "{opener} {name} hid {his} {colour} colours.",
                  "{opener} {name} stayed very quiet.",
                  "{opener} {name} copied what everyone else did.",
                  "{opener} {name} asked {his} reflection what was wrong."],
        "turning": [["Then trouble came, and only {name} <could help|could help, just as "
                     "{he} was|could help, precisely because {he} was different>."]],
        "resolution": [["{name} saved the day <by being {name}|by being just {name}|simply "
                        "by being exactly who {he} was>.",
                        "Everyone cheered."]],
        "lesson": ["<Be you.|Being you is your gift.|What makes you different is what makes "
                   "you special.>"],
    },
    "adventure": {
        "problem": [["One day, {name} <found|found a map|discovered an old map> of "
                     "the way to {outing}.",
                     "<{He} had to go!|{He} just had to go and see!|{He} simply had to go "
                     "and see for {himself}.>"],
                    ["{name} heard a story about {outing}.",
                     "<{He} wanted to go.|{He} wanted to go there.|{He} decided to go "
                     "and find out whether the story was true.>"]],
        "tries": ["{opener} {name} packed a bag[+ with snacks and a lamp].",
                  "{opener} {name} crossed a <wide|wide, wobbly|wide and wobbly> bridge.",
                  "{opener} {name} got lost[+ among the {sight1}].",
                  "{opener} {name} <climbed|climbed a hill|climbed a steep, rocky hill>.",
                  "{opener} {name} asked the {sight2} which way to go.",
                  "{opener} {name} waited out a storm[+ under a big leaf]."],
        "turning": [["{helper_name} knew <a way|a secret way|a secret way that nobody else "
                     "remembered>.",
                     "<They went together.|They set off together.|Together they set off, "
                     "side by side.>"]],
        "resolution": [["At last they <saw|reached|finally reached> the {thing}.",
                        "<It was wonderful!|It was more wonderful than any story.|It was "
                        "even more wonderful than the story had promised.>"]],
        "lesson": ["<The best trips are shared.|Adventures are best with friends.|The best "
                   "adventures are the ones we share with friends.>"],
    },
}
