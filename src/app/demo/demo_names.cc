#include "app/demo/demo_names.h"

namespace cistern::demo {

const std::vector<std::string>& FirstNames() {
  static const std::vector<std::string> names = {
      "James",     "Mary",      "Robert",     "Patricia", "John",      "Jennifer",  "Michael",
      "Linda",     "David",     "Elizabeth",  "William",  "Barbara",   "Richard",   "Susan",
      "Joseph",    "Jessica",   "Thomas",     "Sarah",    "Charles",   "Karen",     "Christopher",
      "Lisa",      "Daniel",    "Nancy",      "Matthew",  "Betty",     "Anthony",   "Margaret",
      "Mark",      "Sandra",    "Donald",     "Ashley",   "Steven",    "Kimberly",  "Paul",
      "Emily",     "Andrew",    "Donna",      "Joshua",   "Michelle",  "Kenneth",   "Carol",
      "Kevin",     "Amanda",    "Brian",      "Dorothy",  "George",    "Melissa",   "Timothy",
      "Deborah",   "Ronald",    "Stephanie",  "Edward",   "Rebecca",   "Jason",     "Sharon",
      "Jeffrey",   "Laura",     "Ryan",       "Cynthia",  "Jacob",     "Kathleen",  "Gary",
      "Amy",       "Nicholas",  "Angela",     "Eric",     "Shirley",   "Jonathan",  "Anna",
      "Stephen",   "Brenda",    "Larry",      "Pamela",   "Justin",    "Emma",      "Scott",
      "Nicole",    "Brandon",   "Helen",      "Benjamin", "Samantha",  "Samuel",    "Katherine",
      "Gregory",   "Christine", "Alexander",  "Debra",    "Frank",     "Rachel",    "Patrick",
      "Carolyn",   "Raymond",   "Janet",      "Jack",     "Catherine", "Dennis",    "Maria",
      "Jerry",     "Heather",   "Tyler",      "Diane",    "Aaron",     "Ruth",      "Jose",
      "Julie",     "Adam",      "Olivia",     "Nathan",   "Joyce",     "Henry",     "Virginia",
      "Douglas",   "Victoria",  "Zachary",    "Kelly",    "Peter",     "Lauren",    "Kyle",
      "Christina", "Ethan",     "Joan",       "Walter",   "Evelyn",    "Noah",      "Judith",
      "Jeremy",    "Megan",     "Christian",  "Andrea",   "Keith",     "Cheryl",    "Roger",
      "Hannah",    "Terry",     "Jacqueline", "Gerald",   "Martha",    "Harold",    "Gloria",
      "Sean",      "Teresa",    "Austin",     "Ann",      "Carl",      "Sara",      "Arthur",
      "Madison",   "Lawrence",  "Frances",    "Dylan",    "Kathryn",   "Jesse",     "Janice",
      "Jordan",    "Jean",      "Bryan",      "Abigail",  "Billy",     "Alice",     "Joe",
      "Judy",      "Bruce",     "Sophia",     "Gabriel",  "Grace",     "Logan",     "Denise",
      "Albert",    "Amber",     "Willie",     "Doris",    "Alan",      "Marilyn",   "Juan",
      "Danielle",  "Wayne",     "Beverly",    "Elijah",   "Isabella",  "Randy",     "Theresa",
      "Roy",       "Diana",     "Vincent",    "Natalie",  "Ralph",     "Brittany",  "Eugene",
      "Charlotte", "Russell",   "Marie",      "Bobby",    "Kayla",     "Mason",     "Alexis",
      "Philip",    "Lori",      "Luis",       "Rosa",     "Carlos",    "Guadalupe", "Miguel",
      "Lucia",     "Tuan",      "Linh",       "Wei",      "Mei",       "Chayton",   "Aiyana"};
  return names;
}

const std::vector<std::string>& LastNames() {
  static const std::vector<std::string> names = {
      "Smith",     "Johnson",   "Williams",   "Brown",      "Jones",      "Garcia",    "Miller",
      "Davis",     "Rodriguez", "Martinez",   "Hernandez",  "Lopez",      "Gonzalez",  "Wilson",
      "Anderson",  "Thomas",    "Taylor",     "Moore",      "Jackson",    "Martin",    "Lee",
      "Perez",     "Thompson",  "White",      "Harris",     "Sanchez",    "Clark",     "Ramirez",
      "Lewis",     "Robinson",  "Walker",     "Young",      "Allen",      "King",      "Wright",
      "Scott",     "Torres",    "Nguyen",     "Hill",       "Flores",     "Green",     "Adams",
      "Nelson",    "Baker",     "Hall",       "Rivera",     "Campbell",   "Mitchell",  "Carter",
      "Roberts",   "Gomez",     "Phillips",   "Evans",      "Turner",     "Diaz",      "Parker",
      "Cruz",      "Edwards",   "Collins",    "Reyes",      "Stewart",    "Morris",    "Morales",
      "Murphy",    "Cook",      "Rogers",     "Gutierrez",  "Ortiz",      "Morgan",    "Cooper",
      "Peterson",  "Bailey",    "Reed",       "Kelly",      "Howard",     "Ramos",     "Kim",
      "Cox",       "Ward",      "Richardson", "Watson",     "Brooks",     "Chavez",    "Wood",
      "James",     "Bennett",   "Gray",       "Mendoza",    "Ruiz",       "Hughes",    "Price",
      "Alvarez",   "Castillo",  "Sanders",    "Patel",      "Myers",      "Long",      "Ross",
      "Foster",    "Jimenez",   "Powell",     "Jenkins",    "Perry",      "Russell",   "Sullivan",
      "Bell",      "Coleman",   "Butler",     "Henderson",  "Barnes",     "Gonzales",  "Fisher",
      "Vasquez",   "Simmons",   "Romero",     "Jordan",     "Patterson",  "Alexander", "Hamilton",
      "Graham",    "Reynolds",  "Griffin",    "Wallace",    "West",       "Cole",      "Hayes",
      "Bryant",    "Herrera",   "Gibson",     "Ellis",      "Tran",       "Medina",    "Aguilar",
      "Stevens",   "Murray",    "Ford",       "Castro",     "Marshall",   "Owens",     "Harrison",
      "Fernandez", "McDonald",  "Woods",      "Washington", "Kennedy",    "Wells",     "Vargas",
      "Henry",     "Chen",      "Freeman",    "Webb",       "Tucker",     "Guzman",    "Burns",
      "Crawford",  "Olson",     "Simpson",    "Porter",     "Hunter",     "Gordon",    "Mendez",
      "Silva",     "Shaw",      "Snyder",     "Mason",      "Dixon",      "Munoz",     "Hunt",
      "Hicks",     "Holmes",    "Palmer",     "Wagner",     "Black",      "Robertson", "Boyd",
      "Rose",      "Stone",     "Salazar",    "Fox",        "Warren",     "Mills",     "Meyer",
      "Rice",      "Schmidt",   "Garza",      "Daniels",    "Ferguson",   "Nichols",   "Stephens",
      "Soto",      "Weaver",    "Ryan",       "Gardner",    "Payne",      "Grant",     "Dunn",
      "Kelley",    "Spencer",   "Hawkins",    "Arnold",     "Pierce",     "Vazquez",   "Hansen",
      "Peters",    "Santos",    "Hart",       "Bradley",    "Knight",     "Elliott",   "Cunningham",
      "Duncan",    "Armstrong", "Hudson",     "Carroll",    "Lane",       "Riley",     "Andrews",
      "Alvarado",  "Ray",       "Delgado",    "Berry",      "Perkins",    "Hoffman",   "Johnston",
      "Matthews",  "Pena",      "Richards",   "Contreras",  "Willis",     "Carpenter", "Lawrence",
      "Sandoval",  "O'Brien",   "Littlebear", "Harjo",      "Yellowhorse"};
  return names;
}

const std::vector<std::string>& StreetNames() {
  static const std::vector<std::string> names = {
      "Broadway",     "Main",          "Eastern",      "Santa Fe",   "Janeway",      "Telephone",
      "Sooner",       "Bryant",        "Penn",         "Western",    "Indian Hills", "Tower",
      "Eagle",        "Kings Manor",   "Fritts",       "Regal",      "Apple Valley", "Little River",
      "Timber Ridge", "Cedar",         "Elm",          "Oak",        "Pecan",        "Walnut",
      "Willow",       "Redbud",        "Cottonwood",   "Meadowlark", "Prairie",      "Wheatland",
      "Chisholm",     "Red River",     "Canadian",     "Cimarron",   "Lakeview",     "Brookside",
      "Spring Creek", "Harvest Hills", "Country Club", "Pinehurst",  "Fairway",      "Sunnylane",
      "Southgate",    "Northridge",    "Westwood",     "Eastwood",   "Heritage",     "Liberty",
      "Independence", "Frontier",      "Pioneer",      "Stagecoach", "Mustang",      "Bison",
      "Scissortail",  "Boomer",        "Kickapoo",     "Cherokee",   "Creek",        "Seminole"};
  return names;
}

const std::vector<std::string>& StreetTypes() {
  static const std::vector<std::string> types = {"Ave", "St", "Dr",  "Blvd", "Rd", "Ln",
                                                 "Ct",  "Pl", "Ter", "Way",  "Cir"};
  return types;
}

const std::vector<std::string>& BusinessWords() {
  static const std::vector<std::string> words = {
      "Prairie",     "Red Dirt",       "Sooner",      "Heartland", "Redbud",
      "Twin Lakes",  "Crossroads",     "Cornerstone", "Frontier",  "Summit",
      "Blue Sky",    "Cimarron",       "Plains",      "Southwind", "Liberty",
      "Main Street", "Canadian River", "Pioneer",     "Eagle",     "Golden Wheat"};
  return words;
}

const std::vector<std::string>& BusinessKinds() {
  static const std::vector<std::string> kinds = {
      "Diner",          "Auto Repair",    "Dental Care", "Laundromat",
      "Car Wash",       "Family Clinic",  "Hardware",    "Bakery",
      "Feed & Supply",  "Storage",        "Church",      "Veterinary Hospital",
      "Apartments LLC", "Properties LLC", "Grill",       "Nursery",
      "Fitness",        "Print Shop",     "Barber Shop", "Tire & Lube"};
  return kinds;
}

const std::vector<std::string>& EmailDomains() {
  static const std::vector<std::string> domains = {"example.com", "example.net", "example.org",
                                                   "mail.example.com", "okmail.example"};
  return domains;
}

const std::vector<std::string>& NoteTexts() {
  static const std::vector<std::string> texts = {
      "Customer called about high bill; explained summer usage and offered a leak check.",
      "Landlord requested copies of bills be mailed to the management office.",
      "Customer asked about autopay; sent the bank draft authorization form.",
      "Dog in backyard: meter reader should call before entering.",
      "Customer reports low water pressure in the mornings; referred to distribution.",
      "Gate code for meter access is on file with the field supervisor.",
      "Customer moving out end of month; will call to schedule the final read.",
      "Verified mailing address with customer by phone.",
      "Customer prefers contact by email.",
      "Extra poly cart requested for yard waste season."};
  return texts;
}

}  // namespace cistern::demo
