"""More plot shapes (a mystery, making something, a day out) and the details of each weather.

The markup is that of stories/backends/plots.py. Slots are typed: {thing} is a bare noun,
{thing_a} the noun with its article, {objects} a plural noun phrase of the theme's things.
"""

from __future__ import annotations

MORE_PLOTS: dict[str, dict[str, list]] = {
    "mystery": {
        "problem": [["One morning, the {thing} was missing.",
                     "<Where did it go?|Where could it be?|Nobody could say where it had "
                     "gone, or why.>",
                     "{name} <wanted to know|had to find out|decided to solve the mystery>."],
                    ["{name} found a clue near the {sight1}.",
                     "<It was a tiny mark.|It was a tiny, shiny mark.|It was a tiny, shiny "
                     "mark that did not belong there.>",
                     "Someone had taken the {thing}[+, but who]?"]],
        "tries": ["{opener} {name} looked for footprints near the {sight2}.",
                  "{opener} {name} asked everyone {place} what they had seen.",
                  "{opener} {name} wrote down every clue[+ in a little notebook].",
                  "{opener} {name} waited quietly behind the {sight1}.",
                  "{opener} {name} followed a <trail|trail of crumbs|trail of crumbs that "
                  "wound this way and that>."],
        "turning": [["{helper_name} pointed at something small.",
                     "<Look!|Look, a second clue!|Look closely, there is another clue!>",
                     "The clues all pointed to the same place."]],
        "resolution": [["The {thing} was there, <safe|safe and sound|safe and sound, and "
                        "nobody had meant any harm>.",
                        "<The mystery was solved!|{name} had solved the mystery!|Clue by "
                        "clue, {name} had solved the mystery.>"]],
        "lesson": ["<Look closely and you will see.|Small clues can solve big puzzles.|"
                   "Patient eyes and a good friend can solve almost any mystery.>"],
    },
    "making": {
        "problem": [["{name} wanted to make something special: {thing_a}.",
                     "<But {he} did not know how.|But it was harder than it looked.|But "
                     "making {thing_a} turned out to be much harder than it looked.>"],
                    ["{name} had a plan to make {thing_a}.",
                     "<The first one fell apart.|The first one fell apart at once.|The first "
                     "try fell apart before {he} had even finished.>"]],
        "tries": ["{opener} {name} <tried again|tried again, slowly|tried again, slowly and "
                  "carefully>.",
                  "{opener} {name} <found more parts|gathered more parts|gathered more parts "
                  "from all around {place}>.",
                  "{opener} {name} drew a <plan|careful plan|careful plan with arrows>.",
                  "{opener} {name} asked the {sight2} for ideas.",
                  "{opener} {name} fixed the wobbly part."],
        "turning": [["{helper_name} <helped|came to help|offered a helping hand>.",
                     "\"<One step at a time.|Let us do it one step at a time.|We can do it "
                     "together, one step at a time.>\" said {helper_name}."]],
        "resolution": [["<The {thing} was done!|At last, the {thing} was finished!|At last, "
                        "after all that work, the {thing} was finished!>",
                        "It was <the best {thing}|the very best {thing}|the finest {thing}> "
                        "{name} had ever seen."]],
        "lesson": ["<Keep trying.|Keep trying, and things get made.|The best things get "
                   "made by those who keep on trying.>"],
    },
    "dayout": {
        "problem": [["Today was the day of the big outing.",
                     "{name} packed {thing_a}[+ and a snack].",
                     "<But the path was long.|But the path was long and new.|But nobody knew "
                     "the path, and it was long.>"],
                    ["{name} set off to see {outing}.",
                     "<But {he} took a wrong turn.|But soon {he} took a wrong turn.|But "
                     "before long, {he} took a wrong turn and was not sure where to go.>"]],
        "tries": ["{opener} {name} <walked on|walked on and on|walked on, humming to keep "
                  "{his} spirits up>.",
                  "{opener} {name} crossed a <bridge|little bridge|little wooden bridge>.",
                  "{opener} {name} stopped to look at the {sight1}.",
                  "{opener} {name} climbed a hill to see the way.",
                  "{opener} {name} asked the {sight2} which way to go."],
        "turning": [["{helper_name} knew <the way|a good way|a good way that few others "
                     "knew>.",
                     "<They went together.|They set off together.|Together they set off, "
                     "side by side.>"]],
        "resolution": [["At last they <reached|came to|finally reached> {outing}.",
                        "<It was wonderful!|It was even better than {he} hoped.|It was even "
                        "more wonderful than {name} had dreamed.>"]],
        "lesson": ["<A day out is best with a friend.|The best days are shared.|The best "
                   "days out are the ones we share with friends.>"],
    },
}

WEATHER_DETAILS: dict[str, list[str]] = {
    "rain": [
        "<Rain fell.|Rain fell on the {sight1}.|Soft rain fell on the {sight1}, drop by "
        "drop.>",
        "<{name} jumped in a puddle.|Splash! {name} jumped in a puddle.|Splash! {name} "
        "jumped right into the biggest puddle.>",
        "<{He} had an umbrella.|{He} held up {his} umbrella.|{He} held {his} umbrella high "
        "against the rain.>",
        "<The sky was grey.|Above, the sky was grey.|Above {name}, the sky was a soft, "
        "rainy grey.>",
        "<Drip, drop went the rain.|Raindrops tapped on the umbrella.|Raindrops tapped on the "
        "umbrella like tiny drums.>",
    ],
    "snow": [
        "<Snow fell.|Snowflakes fell all around.|Snowflakes drifted down, each one "
        "different.>",
        "<{name} made a snowman.|{name} rolled a big snowman.|{name} rolled a snowman with a "
        "carrot nose.>",
        "<The snow was deep.|The snow was soft and deep.|The snow lay soft and deep over "
        "the {sight2}.>",
        "<It was cold.|The air was cold and crisp.|The air was cold and crisp, and {his} "
        "breath made little clouds.>",
        "<{He} rode a sled.|{He} slid down on a sled.|{He} whooshed down the slope on a "
        "sled.>",
    ],
    "wind": [
        "<The wind blew.|The wind blew hard.|The wind blew hard, tugging at everything.>",
        "<A kite flew high.|A kite danced in the sky.|A bright kite danced high in the "
        "windy sky.>",
        "<Leaves flew by.|Leaves swirled around {him}.|Leaves swirled around {him} in a "
        "golden whirl.>",
        "<Clouds raced by.|Clouds raced across the sky.|Above, the clouds raced across the "
        "sky.>",
    ],
    "storm": [
        "<The clouds were dark.|Dark clouds rolled in.|Dark clouds rolled in over the "
        "{sight2}.>",
        "<Boom went the thunder.|Far away, thunder rumbled.|Far away, the thunder rumbled "
        "like a big drum.>",
        "<Rain poured down.|Rain poured down in sheets.|Rain poured down and filled every "
        "puddle.>",
    ],
    "fog": [
        "<It was foggy.|Fog hid the {sight1}.|A thick fog hid the {sight1} from view.>",
        "<{name} held a lantern.|{name} held up a lantern.|{name} held up a lantern to see "
        "through the mist.>",
        "<The mist was soft.|The mist was soft and grey.|The mist curled softly around "
        "{his} feet.>",
    ],
    "clear": [
        "<{He} felt the {light}.|{He} felt the {light} on {his} face.|{He} could feel the "
        "gentle {light}light on {his} face.>",
        "<The sky was {sky}.|Above, the sky was {sky}.|Above {name}, the sky was {sky}.>",
    ],
    "night": [
        "<The moon was out.|The moon shone bright.|The round moon shone over the {sight2}.>",
        "<Stars came out.|The stars twinkled.|One by one, the stars began to twinkle.>",
    ],
}
