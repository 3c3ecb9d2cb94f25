#+ title: A replaced record's links to its public history
#+ description: When a record's statements are replaced, its links to the activities that changed it (lo:changeHistory, from each activity's lo:changeOf; graph_app/live/history.py) are stated again. One pattern with the record bound, so an index lookup, however many changes the graph holds.
#+ param: subject iri required  The changed record
PREFIX lo: <https://w3id.org/se7-local-offer/def#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
INSERT { ?subject lo:changeHistory ?change }
WHERE { ?change lo:changeOf ?subject }
