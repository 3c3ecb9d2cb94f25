#+ title: A record's superclass types
#+ description: Gives each record in the small check store every superclass of its classes, as the build does, so sh:targetClass lo:Setting reaches a school.
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
INSERT { ?record a ?super } WHERE { ?record a ?class . ?class rdfs:subClassOf ?super }
