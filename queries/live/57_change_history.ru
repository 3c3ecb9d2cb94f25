#+ title: A changed record's public history
#+ description: Each record links to the activities that changed it (lo:changeHistory, from each activity's lo:changeOf; graph_app/live/history.py). Run for every changed subject: when the record is replaced, its links to its earlier changes are stated again; when a change is published, the record gets its link to it.
#+ param: subject iri required  The changed record, or the change
PREFIX lo: <https://w3id.org/se7-local-offer/def#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
INSERT { ?record lo:changeHistory ?change }
WHERE {
  ?change lo:changeOf ?record .
  FILTER(?change = ?subject || ?record = ?subject)
}
