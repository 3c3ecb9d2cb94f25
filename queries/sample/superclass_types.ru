#+ title: Superclass types for the sample generator
#+ description: Every node also gets the types of all its superclasses (a care pathway is a pathway), as the build's reasoner would state them; the council content generator reads the framework's files without a build.
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
INSERT { ?node a ?above }
WHERE { ?node a ?type . ?type rdfs:subClassOf+ ?above . FILTER(isIRI(?above)) }
