"""The idioms and other senses of symbol words, read by dreams.senses (which explains the keys).

Grouped by symbol. Each entry sets aside one sense; the literal sense stays matched.
"""

from __future__ import annotations

_DIE = "die dies died dying"
_DEAD = "dead"
_KILL = "kill kills killed killing"
_FALL = "fall falls fell falling fallen"
_DEVICES = "battery batteries phone laptop torch flashlight charger remote signal tablet"
_PRONOUNS = "me him her you us them it"

RULES: list[dict] = [
    # Death -----------------------------------------------------------------------------------
    {"symbol": "Death", "words": _DEAD, "near": _DEVICES},
    {"symbol": "Death", "words": _DEAD, "before": "went|gone|go|goes"},
    {"symbol": "Death", "words": _DIE, "before": "battery|phone|laptop|engine|car|torch|"
                                                  "flashlight|radio|signal|line|wind|music|"
                                                  "conversation|light|lights|fire",
     "gap": 2},
    {"symbol": "Death", "words": _DEAD,
     "after": "tired|end|ends|silent|silence|serious|set|quiet|centre|center|ahead|last|wrong|"
              "right|certain|sure|asleep|of night|of winter|weight|giveaway|heat|calm|"
              "beat|broke|still|straight"},
    {"symbol": "Death", "words": _DEAD, "before": "play|playing|played|pretend|pretended|"
                                                   "pretending|faking|faked"},
    {"symbol": "Death", "words": _DIE,
     "after": "to|for|of laughter|of embarrassment|of boredom|of curiosity|of shame|laughing|"
              "down|out|off|away"},
    {"symbol": "Death", "words": "death", "before": "to", "near": "bore bored scare scared "
     "frighten frightened worry worried tickle tickled freeze freezing love loved sick"},
    {"symbol": "Death", "words": _KILL,
     "after": "time|the mood|the vibe|the lights|the engine|two birds"},
    {"symbol": "Death", "words": _KILL, "after": "me", "near": "feet foot back head shoes legs "
     "knees joke jokes laughing laugh funny"},
    # Falling ---------------------------------------------------------------------------------
    {"symbol": "Falling", "words": _FALL, "after": "out", "near": "tooth teeth hair nail nails "
     "eyelash eyelashes filling fillings skin", "window": 5},
    {"symbol": "Falling", "words": _FALL, "after": "out with|out over"},
    {"symbol": "Falling", "words": _FALL,
     "after": "asleep|in love|for him|for her|for you|for it|for them|for me|apart|behind|short|"
              "silent|quiet|ill|sick|pregnant|victim|into place|into line|in line|"
              "into a routine|into a trap|into a coma|into a deep sleep|back to sleep",
     "gap": 1},
    {"symbol": "Falling", "words": _FALL,
     "before": "night|dusk|darkness|dark|silence|snow|rain|leaves|leaf|bomb|bombs|ash|tears|"
               "tear|star|stars|curtain|shadow|shadows|price|prices|temperature|hush|"
               "snowflakes|petals|rocks|apples|hair|teeth|tooth",
     "gap": 2},
    # Flying ----------------------------------------------------------------------------------
    {"symbol": "Flying", "words": "fly flies flew flying flown",
     "before": "time|the time|hours|days|weeks|sparks", "gap": 1},
    {"symbol": "Flying", "words": "fly flies flew flying",
     "after": "into a rage|into a temper|off the handle|colours|colors|by|past|open"},
    {"symbol": "Colors", "words": "colours colors", "before": "flying|true"},
    # Fire ------------------------------------------------------------------------------------
    {"symbol": "Fire", "words": "fire fired firing",
     "after": "me|him|her|us|them|everyone|someone|people|my|from"},
    {"symbol": "Fire", "words": "fired", "before": "got|get|been|was|be|getting|were", "gap": 1},
    {"symbol": "Fire", "words": "fire", "before": "on", "near": "game score scored playing "
     "played winning won streak luck match goals pitch roll performance", "window": 6},
    {"symbol": "Fire", "words": "fire", "before": "under|cease", "gap": 0},
    {"symbol": "Fire", "words": "burning", "after": "question|questions|desire|ambition|"
     "curiosity|need|urge|love|passion"},
    # Drowning, water -------------------------------------------------------------------------
    {"symbol": "Drowning", "words": "drowning drowned drown",
     "after": "in work|in paperwork|in debt|in emails|in email|in homework|in bills|in tasks|"
              "in deadlines|in chores|in assignments|in responsibilities|in papers|"
              "in requests|in messages|in sorrow|in grief|in noise|out|in meetings|in love"},
    {"symbol": "Drowning", "words": "sinking sink sank", "after": "feeling|in|into my|in my",
     "near": "heart stomach feeling realised realized", "window": 3},
    {"symbol": "Water", "words": "water", "before": "in hot"},
    {"symbol": "Flood", "words": "flood flooded flooding floods",
     "after": "with|of", "near": "memories memory relief emotion emotions messages calls "
     "emails light joy guilt requests feelings tears questions applications", "window": 4},
    {"symbol": "Snow", "words": "snowed", "after": "under"},
    {"symbol": "Ice", "words": "ice", "before": "break|broke|breaking|breaks", "gap": 1},
    {"symbol": "Storm", "words": "stormed storming", "after": "out|off|in|into|away|past"},
    {"symbol": "Wind", "words": "wind winding", "after": "up|down"},
    {"symbol": "Rain", "words": "rain", "after": "check|on my parade"},
    # Movement and activity -------------------------------------------------------------------
    {"symbol": "Running", "words": "run running ran runs",
     "after": "late|out of time|out of money|out of gas|out of fuel|out of petrol|out of luck|"
              "out of ideas|out of options|out of battery|low|a business|the business|"
              "a company|the company|the show|errands|"
              "a fever|a temperature|for office|for president|the meeting|the risk|"
              "water"},
    {"symbol": "Running", "words": "run running ran", "after": "into",
     "near": "friend ex boss teacher neighbour neighbor colleague coworker classmate "
     "acquaintance mother father brother sister cousin", "window": 4},
    {"symbol": "Running", "words": "running", "before": "nose|nose was|nose is"},
    {"symbol": "Being late", "words": "late", "after": "father|mother|husband|wife|grandmother|"
     "grandfather|grandma|grandpa|friend|brother|sister|uncle|aunt|son|daughter|partner|"
     "dad|mum|mom|cousin|teacher|dog|cat"},
    {"symbol": "Being late", "words": "missed", "after": "him|her|you|them|us|home|my mother|"
     "my father|my family|my friends|the point|the joke"},
    {"symbol": "Being late", "words": "rush rushed rushing rushes hurry hurried hurrying",
     "after": "past|by|at|toward|towards|over|across|through|into|out|down|up|around|"
              "forward|in|back"},
    {"symbol": "Moving house", "words": "move moved moving moves",
     "unless": "house home apartment flat box boxes pack packing van truck city town country "
     "new abroad", "window": 6},
    {"symbol": "Moving house", "words": "moving", "after": "on|forward|forwards"},
    {"symbol": "Horse", "words": "ride rode riding ridden",
     "near": "bike bicycle motorbike motorcycle scooter bus train car elevator lift skateboard "
     "wave waves rollercoaster taxi subway tram boat escalator", "window": 4},
    {"symbol": "Bicycle", "words": "pedal pedals pedalling pedaling",
     "near": "brake brakes car gas accelerator clutch", "window": 5},
    {"symbol": "Elevator", "words": "lifted lifting"},
    {"symbol": "Elevator", "words": "lift lifts", "before": "i|he|she|we|they|to|could|not|can",
     "gap": 0},
    {"symbol": "Elevator", "words": "lift", "after": "me|him|her|it|them|the|my|his|a|off"},
    {"symbol": "Climbing", "words": "climbing climbed climb",
     "after": "the ladder at work|the career ladder|the corporate ladder"},
    # Objects ---------------------------------------------------------------------------------
    {"symbol": "Hands", "words": "hand hands", "before": "other|the other|on the other",
     "gap": 0},
    {"symbol": "Hands", "words": "handed handing"},
    {"symbol": "Hands", "words": "hand hands", "after": "in|over|out|me|him|her|them|down"},
    {"symbol": "Hands", "words": "hand", "before": "a", "near": "give gave lend lent need "
     "needed", "window": 3},
    {"symbol": "Clock", "words": "watched watching"},
    {"symbol": "Clock", "words": "watch", "before": "i|we|they|he|she|to|could|not|can|would",
     "gap": 0},
    {"symbol": "Clock", "words": "watch", "after": "me|him|her|them|us|out|over|tv|the tv|"
     "a movie|a film|the movie|the film|the news|the show|it|as"},
    {"symbol": "Ring", "words": "ring rings ringing rang",
     "near": "phone phones doorbell bell bells alarm telephone ears", "window": 4},
    {"symbol": "Ring", "words": "ring", "after": "a bell|true"},
    {"symbol": "Door", "words": "door", "before": "next"},
    {"symbol": "Gun", "words": "shot shoot shots shooting",
     "near": "photo photos camera tequila vodka whisky whiskey espresso vaccine flu "
     "picture pictures film movie video long basket hoop", "window": 3},
    {"symbol": "Gun", "words": "shot", "after": "of|at it|a glance|a look"},
    {"symbol": "Blood", "words": "cut cuts cutting",
     "after": "my hair|the hair|his hair|her hair|in line|the line|the queue|in|class|corners|"
              "the cake|the bread|the grass|ties|the power|short|it out|back|down|costs"},
    {"symbol": "Blood", "words": "cut", "before": "power|hair|haircut"},
    {"symbol": "Money", "words": "paying paid pay", "after": "attention|a visit|respect|"
     "my respects|a compliment|the price", "gap": 1},
    {"symbol": "Key", "words": "key", "after": "to success|point|points|moment|part|question|"
     "role|figure|player"},
    {"symbol": "Light", "words": "light", "after": "blue|green|pink|grey|gray|brown|purple|"
     "yellow|red|meal|sleeper|rain|breeze|touch|hearted|as a feather|bulb"},
    {"symbol": "Light", "words": "light", "after": "a cigarette|the candle|a candle|"
     "the fire|a fire|the stove"},
    {"symbol": "Wall", "words": "wall", "before": "hit|hitting|hits", "gap": 1,
     "near": "work project writing study studying essay", "window": 6},
    {"symbol": "Flowers", "words": "rose",
     "after": "up|out|from|above|into|over|to|and|high|higher|slowly|again|before|behind|"
              "around|in|through|toward|towards",
     "unless_before": "a|the|red|white|pink|yellow|single|one|each|every|my|her|his|wild|"
                      "this|that"},
    {"symbol": "Flowers", "words": "rose", "before": "wave|waves|water|sun|moon|smoke|it|he|"
     "she|they|i|we|tide|sea|mist|fog|dust|mountain|tower|wall|price|prices", "gap": 1},
    {"symbol": "Appearance", "words": "appear appears appeared appearing"},
    {"symbol": "Helping others", "words": "nurse nurses"},
    {"symbol": "Body", "words": "handed handing"},
    {"symbol": "Being watched", "words": "watch", "before": "my|a|the|his|her|your|their|wrist|"
     "gold|old", "gap": 0},
    {"symbol": "Books", "words": "read reading",
     "near": "letter words message note sign signs mind email text screen map envelope "
     "lips palm palms face menu label clock", "window": 4},
    # People and creatures --------------------------------------------------------------------
    {"symbol": "Bear", "words": "bear", "before": "not|could not|can not|to|cannot", "gap": 1},
    {"symbol": "Bear", "words": "bear", "after": "with|in mind|the weight|the thought|"
     "the pain"},
    {"symbol": "Ghost", "words": "ghosted ghosting"},
    {"symbol": "Dog", "words": "dog", "after": "tired|days|eat dog|eared"},
    {"symbol": "Baby", "words": "baby", "after": "steps|step|face|blue|pink|shower|monitor"},
    {"symbol": "Sea creatures", "words": "sealed sealing"},
    {"symbol": "Sea creatures", "words": "seal", "after": "it|off|the deal|the envelope|"
     "the door|the room|my fate|his fate|her fate|the letter"},
    {"symbol": "Double", "words": "double doubled",
     "after": "bed|decker|room|check|checked|door|doors|shift|espresso|time|over|up|back|"
              "chin|life|agent|meaning|click|digits"},
    {"symbol": "Bus", "words": "coach coaches",
     "near": "team game football soccer practice player players training basketball tennis "
     "swimming athlete match gym", "window": 5},
    {"symbol": "School", "words": "class", "before": "first|business|economy|middle|working|"
     "upper|world|high", "gap": 0},
    {"symbol": "Feet", "words": "feet", "before": "cold|get cold|got cold", "gap": 0},
    {"symbol": "Heart", "words": "heart", "before": "by|change of|after my own", "gap": 0},
    {"symbol": "Teeth", "words": "teeth", "before": "skin of my|skin of our|skin of his|"
     "skin of her|skin of their|by the skin of my"},
    {"symbol": "Eyes", "words": "eye", "after": "to eye|out for"},
    {"symbol": "Eyes", "words": "eye", "before": "keep an|kept an|keeping an"},
    {"symbol": "Crying", "words": "tore torn tearing"},
    {"symbol": "Crying", "words": "tear", "after": "up|off|apart|down|open|through|into|"
     "it|the|my|his|her"},
    {"symbol": "Time travel", "words": "past",
     "after": "me|him|her|us|them|it|the|a|an|my|his|their|our|each|midnight|noon|"
              "caring|the point", "gap": 0},
    {"symbol": "Time travel", "words": "past",
     "unless_before": "the|my|his|her|our|their|your|distant|a|its|in the"},
    {"symbol": "Time travel", "words": "past", "before": "half|quarter|ten|five|twenty|"
     "rushed|rush|walked|walk|ran|run|drove|drive|went|go|flew|fly|moved|move|raced|race|"
     "zoomed|sped|passed|slipped|got|get|hurried|hurry|brushed|squeezed|floated|float|"
     "swam|swim|stumbled|pushed|push|ride|rode|marched|crept|sailed|drifted|strolled",
     "gap": 0},
    {"symbol": "Helping others", "words": "help helped helping", "before": "for|cried for|"
     "screamed for|called for|shouted for|yelled for|begged for", "gap": 0},
    {"symbol": "Helping others", "words": "help helped", "after": "me|us", "gap": 0},
    {"symbol": "Helping others", "words": "help", "before": "can not|could not|not",
     "after": "it|but|laughing|feeling|myself", "gap": 0},
    {"symbol": "Waiting", "words": "line lines",
     "unless": "wait waiting waited queue stand stood standing long front back end join "
     "joined cut ticket counter people", "window": 4},
    {"symbol": "Losing something", "words": "lost",
     "after": "my temper|my mind|my patience|my cool|my balance|my footing|my nerve|"
              "my train of thought|my breath|my appetite|my grip|my way|track|touch|"
              "interest|count|sight|hope|heart|faith|weight|control"},
    {"symbol": "Lost", "words": "lost",
     "after": "my|the|a|an|his|her|their|our|your|track|touch|interest|count|sight|hope|"
              "control|weight|it|them|him|me|everything|all|faith|heart"},
    {"symbol": "Trapped", "words": "stuck", "after": "in my head|in my mind|with me|on",
     "gap": 0},
    {"symbol": "Fighting", "words": "hit hitting hits",
     "after": "the ground|the floor|the water|the bottom|the brakes|the brake|the button|"
              "the road|the jackpot|the snooze|the sack|the hay|the bed|send|it off|me that|"
              "the wall|the ceiling|rock bottom|the target|the ball|a note|the high note",
     "gap": 1},
    {"symbol": "Screaming", "words": "scream", "before": "a", "near": "was it", "window": 2},
    {"symbol": "Party", "words": "party", "after": "animal|pooper|line|leader|politics"},
    {"symbol": "Party", "words": "party", "before": "political|third|search|opposing|ruling"},
    {"symbol": "Books", "words": "book",
     "after": "a table|a flight|a room|a ticket|tickets|a hotel|an appointment|the table"},
    {"symbol": "Books", "words": "booked booking"},
    {"symbol": "Sports", "words": "match", "near": "lit light lighting striking strike box "
     "perfect colour color colors colours", "window": 3},
    {"symbol": "Sports", "words": "game", "after": "changer|over|plan|face"},
    {"symbol": "Stars", "words": "stars", "before": "seeing|saw|see|lucky|thank my lucky",
     "gap": 0},
    {"symbol": "Snake", "words": "snaked snaking"},
    {"symbol": "Cat", "words": "cat", "after": "out of the bag|got your tongue|nap"},
    {"symbol": "Rats and mice", "words": "rat", "before": "smell|smelled|smelt"},
]

# Fixed expressions whose words stand for none of the symbols they share words with ("over
# the moon" is joy, not the moon). "*" stands for any one word ("butterflies in * stomach");
# "= Name" names the one symbol the expression does mean. A symbol is not read from words
# inside one of these unless it is that symbol or its own alias spans the whole expression.
IDIOMS: list[str] = """
over the moon | once in a blue moon | promise the moon | raining cats and dogs = Rain
on the other hand | on one hand | hand in hand | hands down | first hand | second hand
butterflies in * stomach | elephant in the room | walking on eggshells | walk on eggshells
on cloud nine | cost an arm and a leg | costs an arm and a leg | arm and a leg
fish out of water | dark horse | break a leg | bury the hatchet | buried the hatchet
let the cat out of the bag | lion's share | in hot water | storm in a teacup
under the weather | on thin ice | spill the beans | spilled the beans | piece of cake
cry wolf | cried wolf | red herring | wild goose chase | kill two birds with one stone
when pigs fly | hold your horses | bird's eye view | early bird | night owl
snail's pace | rat race | cat nap | dog days | puppy love | top dog | lone wolf
straight from the horse's mouth | bull in a china shop | monkey business | black sheep
skeletons in the closet | skeleton in the closet | the ball is in * court | down to earth
see the light | saw the light | light at the end of the tunnel | tip of the iceberg
break the ice | broke the ice | water under the bridge | burn * bridges | burned * bridges
burnt * bridges | add fuel to the fire | play with fire | playing with fire | heart of gold
time is money | out of the woods | forest for the trees | bark up the wrong tree
barking up the wrong tree | apple of * eye | bite the bullet | jump the gun | jumped the gun
shoot the breeze | under the sun | rain on * parade | steal the show | stole the show
face the music | music to * ears | pull * leg | pulling * leg | pulled * leg
over my dead body | over * dead body | a closed book | read between the lines | by the book
hit the books | in the same boat | rock the boat | missed the boat | sink or swim
head above water | drop in the ocean | plenty of fish | high and dry | sweet tooth
long in the tooth | armed to the teeth | walk in the park | hit the road | hit the sack
hit the hay | cat got * tongue | smell a rat | smelled a rat | like a moth to a flame
the last straw | eat like a bird | ate like a bird | sick as a dog | work like a dog
worked like a dog | busy as a bee | busy bee | early bird | wolf down | wolfed down
egg on * face | walking on air | on top of the world | in the doghouse | crocodile tears
clean slate | blessing in disguise | keep * head | lost * head | cold shoulder
heart in * mouth | heart sank | see red | saw red | once in a while | the ice is thin
snowball's chance | snowballed | like a house on fire | get on like a house on fire
got on like a house on fire | home and dry | the ball rolling | get cold feet | got cold feet
apple of * * eye | dead in the water | in deep water | missed the mark | miss the mark
heart racing = Heart | heart was racing = Heart | heart is racing = Heart | frog in * throat
train wreck | storm of | deer in the headlights | wrong side of the bed
""".replace("\n", " | ").split(" | ")
